package dev.lorabench.train;

import java.util.List;

/**
 * The base model of a run.
 *
 * @param parameters learned parameter count
 * @param sha256 digest over every base tensor, in model order
 * @param trained whether it was trained in this run (false: loaded from a file)
 * @param losses the base training curve (empty when loaded)
 */
public record BaseResult(
        long parameters,
        String sha256,
        boolean trained,
        List<LossPoint> losses,
        Evaluation evaluation,
        double seconds) {

    public BaseResult {
        losses = List.copyOf(losses);
    }
}
