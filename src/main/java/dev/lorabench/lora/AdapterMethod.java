package dev.lorabench.lora;

/**
 * Which member of the LoRA family an adapter is: how it is initialised and how it computes its
 * output. rsLoRA is a scaling rule ({@link LoraConfig#rsLora()}) and LoRA+ an optimizer rule, so
 * neither is a method here; each method's maths lives in one {@link AdapterVariant}.
 */
public enum AdapterMethod {

    /** Plain LoRA: y = base(x) + s·B·A·x, B = 0 at the start. */
    LORA("true"),

    /**
     * DoRA (PEFT's {@code use_dora}): a trainable magnitude m per output channel times the
     * normalised direction W + s·B·A, the norm treated as a constant for gradients.
     */
    DORA("true"),

    /**
     * PiSSA (PEFT's {@code init_lora_weights="pissa"}): A, B from the top-r SVD of W, scaled so
     * that s·B₀·A₀ is W's principal part; the base weight becomes the residual W − s·B₀·A₀.
     */
    PISSA("pissa"),

    /** OLoRA (PEFT's {@code init_lora_weights="olora"}): B₀ = Q[:, :r], A₀ = R[:r] of W = QR. */
    OLORA("olora");

    private final String peftInit;

    AdapterMethod(String peftInit) {
        this.peftInit = peftInit;
    }

    /** PEFT's {@code init_lora_weights} value for this method ({@code "true"} for the default). */
    public String peftInit() {
        return peftInit;
    }

    /** Whether the method replaces the base weight by a residual at initialisation. */
    public boolean replacesBase() {
        return this == PISSA || this == OLORA;
    }

    AdapterVariant variant() {
        return switch (this) {
            case LORA -> PlainVariant.INSTANCE;
            case DORA -> DoraVariant.INSTANCE;
            case PISSA -> PrincipalInit.PISSA;
            case OLORA -> PrincipalInit.OLORA;
        };
    }
}
