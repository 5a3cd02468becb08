package dev.lorabench.plan;

/**
 * How much of a dataset a run uses.
 *
 * @param train the first N training rows (0: all)
 * @param test the first N test rows (0: all)
 */
public record SampleLimits(int train, int test) {

    public SampleLimits {
        PlanField.TRAIN_LIMIT.checkAtLeast(train);
        PlanField.TEST_LIMIT.checkAtLeast(test);
    }
}
