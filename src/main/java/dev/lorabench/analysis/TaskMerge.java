package dev.lorabench.analysis;

/**
 * How task tensors (per adapter: its A, its B, or its ΔW) become one, as the functions of PEFT's
 * {@code peft.utils.merge_utils} do.
 */
public enum TaskMerge {
    /** {@code task_arithmetic}: Σᵢ wᵢ·tᵢ. */
    ARITHMETIC(false, false, false),
    /** {@code magnitude_prune}: keep each tᵢ's ⌊density·n⌋ largest |values|, then Σᵢ wᵢ·tᵢ. */
    MAGNITUDE_PRUNE(true, false, false),
    /** {@code ties}: trim as magnitude_prune, elect a sign per entry, average the weighted values that agree. */
    TIES(true, true, false),
    /** {@code dare_linear}: drop entries at random (keep with probability density), rescale by 1/density, Σᵢ wᵢ·tᵢ. */
    DARE_LINEAR(true, false, true),
    /** {@code dare_ties}: drop and rescale as dare_linear, then elect and merge as ties. */
    DARE_TIES(true, true, true);

    private final boolean usesDensity;
    private final boolean electsSign;
    private final boolean random;

    TaskMerge(boolean usesDensity, boolean electsSign, boolean random) {
        this.usesDensity = usesDensity;
        this.electsSign = electsSign;
        this.random = random;
    }

    public boolean usesDensity() {
        return usesDensity;
    }

    public boolean electsSign() {
        return electsSign;
    }

    /** Whether it drops at random, and so needs {@link DropMasks}. */
    public boolean random() {
        return random;
    }
}
