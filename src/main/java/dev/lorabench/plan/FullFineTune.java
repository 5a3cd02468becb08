package dev.lorabench.plan;

/** The full fine-tune baseline: every parameter of the base is trained. */
public record FullFineTune() implements Variant {

    static final FullFineTune INSTANCE = new FullFineTune();

    @Override
    public String name() {
        return "full";
    }

    @Override
    public String kind() {
        return "full";
    }

    @Override
    public String methodId() {
        return "full";
    }

    @Override
    public String toString() {
        return name();
    }
}
