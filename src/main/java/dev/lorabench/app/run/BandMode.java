package dev.lorabench.app.run;

/** What the band around a curve (or the whisker on a bar) over several seeds spans. */
public enum BandMode {
    MIN_MAX("min–max"),
    SD("mean ± 1 sd");

    private final String label;

    BandMode(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
