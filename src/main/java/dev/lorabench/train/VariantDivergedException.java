package dev.lorabench.train;

/** A fine-tune's loss became NaN or infinite; the variant stops there. */
final class VariantDivergedException extends RuntimeException {

    private final int step;
    private final double loss;
    private final java.util.List<LossPoint> losses;

    VariantDivergedException(int step, double loss, java.util.List<LossPoint> losses) {
        super("diverged at step " + step + " (loss " + loss + ")", null, false, false);
        this.step = step;
        this.loss = loss;
        this.losses = java.util.List.copyOf(losses);
    }

    int step() {
        return step;
    }

    double loss() {
        return loss;
    }

    /** The finite losses before the divergence. */
    java.util.List<LossPoint> losses() {
        return losses;
    }
}
