package dev.lorabench.train;

import dev.lorabench.plan.Variant;
import dev.lorabench.analysis.IntegrityCertificate;
import java.util.List;
import java.util.Map;

/**
 * A finished fine-tune.
 *
 * @param trainableParameters values the optimizer updated (6,794·r for the MLP's LoRA)
 * @param layerParameters trainable values per adapted layer path (empty for the full fine-tune)
 * @param baseSha256After digest of the base tensors after fine-tuning (LoRA only; the full
 *     fine-tune changes them by design)
 * @param baseUnchanged whether every base tensor is bit-identical to before (LoRA only)
 * @param integrity per-tensor digests before and after, and the merge check
 * @param divergedAtStep the step whose loss was NaN or infinite, 0 when training finished
 * @param validationLosses validation loss after each epoch, at the step it was measured (empty
 *     without a validation set)
 * @param stoppedEarlyAfterEpoch the epoch early stopping ended training at, 0 when it did not
 * @param trajectory per-class test errors sampled during the fine-tune (learning against
 *     forgetting over time); empty when not sampled
 */
public record VariantResult(
        Variant spec,
        float alpha,
        long trainableParameters,
        Map<String, Long> layerParameters,
        List<LossPoint> losses,
        Evaluation evaluation,
        String baseSha256After,
        boolean baseUnchanged,
        double seconds,
        IntegrityCertificate integrity,
        int divergedAtStep,
        List<LossPoint> validationLosses,
        int stoppedEarlyAfterEpoch,
        List<TrajectoryPoint> trajectory) {

    public VariantResult {
        layerParameters = Map.copyOf(layerParameters);
        losses = List.copyOf(losses);
        validationLosses = List.copyOf(validationLosses);
        trajectory = List.copyOf(trajectory);
    }

    /** A result without a sampled trajectory. */
    public VariantResult(Variant spec, float alpha, long trainableParameters, Map<String, Long> layerParameters,
            List<LossPoint> losses, Evaluation evaluation, String baseSha256After, boolean baseUnchanged,
            double seconds, IntegrityCertificate integrity, int divergedAtStep, List<LossPoint> validationLosses,
            int stoppedEarlyAfterEpoch) {
        this(spec, alpha, trainableParameters, layerParameters, losses, evaluation, baseSha256After, baseUnchanged,
                seconds, integrity, divergedAtStep, validationLosses, stoppedEarlyAfterEpoch, List.of());
    }

    public boolean diverged() {
        return divergedAtStep > 0;
    }

    /** "finished" or "diverged at step N". */
    public String status() {
        if (diverged()) {
            return "diverged at step " + divergedAtStep;
        }
        return stoppedEarlyAfterEpoch > 0 ? "stopped early after epoch " + stoppedEarlyAfterEpoch : "finished";
    }
}
