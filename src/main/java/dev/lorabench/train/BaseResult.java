package dev.lorabench.train;

import java.util.List;

/**
 * The base model of a run.
 *
 * @param parameters learned parameter count
 * @param sha256 digest over every base tensor, in model order
 * @param trained whether it was trained from a recipe, in this run or, with {@code fromCache}, in an
 *     earlier one (false: loaded from a file and used as it is)
 * @param losses the base training curve (empty when loaded; the recorded one when from the cache)
 * @param evaluation on the fine-tune dataset's test set: the "before" of every variant
 * @param ownEvaluation in a transfer run, on the base dataset's own test set; else null
 * @param fromCache whether the base was reused from the base cache instead of trained (ADR 0025)
 * @param cacheKey the base cache key of its recipe, under which it was found or kept; null when the
 *     cache was off or the base was loaded from a file
 */
public record BaseResult(
        long parameters,
        String sha256,
        boolean trained,
        List<LossPoint> losses,
        Evaluation evaluation,
        double seconds,
        Evaluation ownEvaluation,
        boolean fromCache,
        String cacheKey) {

    public BaseResult {
        losses = List.copyOf(losses);
    }

    /** A base trained or loaded for the fine-tune's own dataset, without the base cache. */
    public BaseResult(long parameters, String sha256, boolean trained, List<LossPoint> losses, Evaluation evaluation,
            double seconds) {
        this(parameters, sha256, trained, losses, evaluation, seconds, null, false, null);
    }
}
