package dev.lorabench.train;

import java.util.List;

/**
 * The base model of a run.
 *
 * @param parameters learned parameter count
 * @param sha256 digest over every base tensor, in model order
 * @param trained whether it was trained in this run (false: loaded from a file)
 * @param losses the base training curve (empty when loaded)
 * @param evaluation on the fine-tune dataset's test set: the "before" of every variant
 * @param ownEvaluation in a transfer run, on the base dataset's own test set; else null
 */
public record BaseResult(
        long parameters,
        String sha256,
        boolean trained,
        List<LossPoint> losses,
        Evaluation evaluation,
        double seconds,
        Evaluation ownEvaluation) {

    public BaseResult {
        losses = List.copyOf(losses);
    }

    /** A base trained or loaded for the fine-tune's own dataset. */
    public BaseResult(long parameters, String sha256, boolean trained, List<LossPoint> losses, Evaluation evaluation,
            double seconds) {
        this(parameters, sha256, trained, losses, evaluation, seconds, null);
    }
}
