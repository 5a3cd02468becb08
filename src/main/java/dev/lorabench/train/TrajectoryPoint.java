package dev.lorabench.train;

import java.util.List;

/**
 * A variant's per-class test errors at one step of its fine-tune: one point of its learning
 * against forgetting trajectory (gain on the target classes, errors added on the others).
 *
 * @param step the fine-tune step after which the model was evaluated (0: before the first)
 * @param classErrors test errors per class at that step
 * @param samples how many test samples the evaluation used
 */
public record TrajectoryPoint(int step, List<Integer> classErrors, int samples) {

    public TrajectoryPoint {
        classErrors = List.copyOf(classErrors);
    }
}
