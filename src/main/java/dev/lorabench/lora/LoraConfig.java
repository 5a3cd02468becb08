package dev.lorabench.lora;

/**
 * Hyper-parameters of one LoRA adapter: rank r, alpha, scaling rule and adapter-input dropout.
 *
 * <p>The scale applied to B·A is {@code alpha / r}, or {@code alpha / sqrt(r)} with rsLoRA, which
 * keeps the update's magnitude stable as the rank grows.
 *
 * @param rank the rank r of the update, at least 1
 * @param alpha the LoRA alpha, positive and finite
 * @param rsLora whether to use the rank-stabilised scale alpha/sqrt(r)
 * @param dropout dropout probability on the adapter input, in [0, 1)
 * @param init how A is drawn (PEFT's Kaiming-uniform by default; PiSSA/OLoRA overwrite it)
 * @param method which member of the LoRA family (plain LoRA by default)
 */
public record LoraConfig(int rank, float alpha, boolean rsLora, float dropout, LoraInit init, AdapterMethod method) {

    public LoraConfig {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be at least 1 but was " + rank);
        }
        if (!(alpha > 0) || !Float.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive and finite but was " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1) but was " + dropout);
        }
        if (init == null) {
            throw new IllegalArgumentException("init must be set but was null");
        }
        if (method == null) {
            throw new IllegalArgumentException("method must be set but was null");
        }
    }

    /** A plain LoRA adapter with A drawn by {@code init}. */
    public LoraConfig(int rank, float alpha, boolean rsLora, float dropout, LoraInit init) {
        this(rank, alpha, rsLora, dropout, init, AdapterMethod.LORA);
    }

    /** An adapter with PEFT's default initialisation of A. */
    public LoraConfig(int rank, float alpha, boolean rsLora, float dropout) {
        this(rank, alpha, rsLora, dropout, LoraInit.PEFT_KAIMING_UNIFORM);
    }

    /** The same adapter with A drawn by {@code init}. */
    public LoraConfig withInit(LoraInit init) {
        return new LoraConfig(rank, alpha, rsLora, dropout, init, method);
    }

    /** The same adapter as another member of the LoRA family. */
    public LoraConfig withMethod(AdapterMethod method) {
        return new LoraConfig(rank, alpha, rsLora, dropout, init, method);
    }

    /** The same adapter with another rank and alpha (PEFT's rank_pattern / alpha_pattern). */
    public LoraConfig withRankAndAlpha(int rank, float alpha) {
        return new LoraConfig(rank, alpha, rsLora, dropout, init, method);
    }

    /** A plain adapter: scale alpha/r, no dropout. */
    public static LoraConfig of(int rank, float alpha) {
        return new LoraConfig(rank, alpha, false, 0f);
    }

    /** The factor applied to B·A. */
    public float scale() {
        return rsLora ? (float) (alpha / Math.sqrt(rank)) : alpha / rank;
    }
}
