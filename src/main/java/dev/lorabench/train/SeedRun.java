package dev.lorabench.train;

import java.util.List;

/**
 * One variant fine-tuned with one seed (adapter initialisation and batch order) from the run's
 * base: what a comparison over seeds needs.
 *
 * @param variant the variant's name
 * @param seedIndex 0 for the run's own seed, 1… for the extra seeds
 * @param seed the seed the fine-tune used
 * @param losses its training loss per step
 * @param evaluation its test-set evaluation after the fine-tune
 * @param divergedAtStep the step it diverged at, 0 when it finished
 */
public record SeedRun(
        String variant, int seedIndex, long seed, List<LossPoint> losses, Evaluation evaluation, int divergedAtStep) {

    public SeedRun {
        losses = List.copyOf(losses);
    }
}
