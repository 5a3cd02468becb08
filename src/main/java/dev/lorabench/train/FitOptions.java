package dev.lorabench.train;

/**
 * How the training loop steps, chosen once by whoever starts a run and handed to the loop: never
 * read from system properties, so the same plan always trains the same way. {@link #defaults()} is
 * what the workbench and the CLI use; the benchmarks switch parts off to measure what they bring.
 *
 * @param stacked LoRA lanes over one frozen base train stacked where their structure allows
 *     ({@link LoraStack}); off: every lane steps on its own
 * @param overlap the lanes outside a stack step on a second thread while the stack steps; off:
 *     every lane steps on the loop's thread
 * @param optimizer how a step updates the weights
 */
public record FitOptions(boolean stacked, boolean overlap, Optimizer optimizer) {

    /** The weight update. */
    public enum Optimizer {
        /** {@link FastOptimizer}'s fused in-place Adam, {@code torch.optim.Adam}'s formula. */
        FUSED,
        /**
         * DJL's own {@code Trainer.step()}, with DJL's ε placement (never stacked: the stack has its
         * own fused update; no shared first layer: DJL's update sees only what its trainer's forward saw).
         */
        DJL
    }

    public FitOptions {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must be FUSED or DJL but was null");
        }
    }

    /** Stacked, overlapped, fused Adam: the fastest way, and the one every run uses. */
    public static FitOptions defaults() {
        return new FitOptions(true, true, Optimizer.FUSED);
    }

    public FitOptions withStacked(boolean on) {
        return new FitOptions(on, overlap, optimizer);
    }

    public FitOptions withOverlap(boolean on) {
        return new FitOptions(stacked, on, optimizer);
    }

    public FitOptions withOptimizer(Optimizer value) {
        return new FitOptions(stacked, overlap, value);
    }
}
