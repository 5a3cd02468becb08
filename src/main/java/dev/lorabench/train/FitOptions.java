package dev.lorabench.train;

/**
 * How the fit loop may step its lanes; every setting gives the same numbers up to rounding, so
 * they exist for benchmarks and diagnosis. Built once by whoever starts the fit; never read from
 * system properties.
 *
 * @param stack LoRA lanes over one frozen base train as one stacked model where their structure
 *     allows ({@link LoraStack})
 * @param overlap the lanes outside a stack step on a second thread while the stack steps
 * @param fusedAdam the fused in-place Adam ({@link FastOptimizer}); false: DJL's {@code
 *     Trainer.step()} with DJL's own Adam (its ε placement differs; no stack then)
 */
record FitOptions(boolean stack, boolean overlap, boolean fusedAdam) {

    /** What runs use: stacked, overlapped, fused Adam. */
    static FitOptions defaults() {
        return new FitOptions(true, true, true);
    }
}
