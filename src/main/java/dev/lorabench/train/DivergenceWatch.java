package dev.lorabench.train;

/**
 * Decides, step by step, whether a lane's training has diverged.
 *
 * <p>A lane diverges at the first step whose loss is NaN or infinite, or at which its smoothed
 * loss (an exponential moving average, weight {@value #SMOOTHING} on the newest step) exceeds
 * {@value #FACTOR}× its reference loss. The reference is the first step's loss; for cross-entropy
 * at least ln 2 (the loss of a fair guess between two classes), so a fine-tune that starts almost
 * perfect (first loss 0.01, say) is not called diverged for a noisy batch of loss 2. A single step
 * alone trips the rule only when its loss is about {@value #FACTOR}/{@value #SMOOTHING} = 1,000× the
 * reference, far above anything a sane run of either loss reaches; a run whose loss stays finite but
 * explodes (Adam at lr 10⁶: the loss of the seeds' MLP jumps from 2.3 to ~10⁵ in a step) is caught
 * within a few steps.
 */
final class DivergenceWatch {

    static final double SMOOTHING = 0.1;
    static final double FACTOR = 100;
    private static final double CROSS_ENTROPY_FLOOR = Math.log(2);

    private final boolean regression;
    private double reference = Double.NaN;
    private double smoothed;

    DivergenceWatch(boolean regression) {
        this.regression = regression;
    }

    /** Takes the next step's loss; true when the lane has diverged at this step. */
    boolean diverged(double loss) {
        if (!Double.isFinite(loss)) {
            return true;
        }
        if (Double.isNaN(reference)) {
            reference = regression ? loss : Math.max(loss, CROSS_ENTROPY_FLOOR);
            smoothed = loss;
        } else {
            smoothed = (1 - SMOOTHING) * smoothed + SMOOTHING * loss;
        }
        // A first loss of exactly 0 (a perfect fit) leaves nothing to compare with.
        return reference > 0 && smoothed > FACTOR * reference;
    }
}
