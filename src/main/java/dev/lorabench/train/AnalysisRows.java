package dev.lorabench.train;

/**
 * The test rows the analysis after the fine-tunes runs its many forward passes on: the truncation
 * curve's 17 (16 cuts and the full fine-tune) and each LoRA variant's merged pass of the merge
 * check. A fixed class-stratified subset of {@link #SUBSET_ROWS} rows when the test set is larger
 * (the same rows for every pass, so points stay comparable), else the whole set. The variants'
 * own evaluations always run on the whole test set. Error against the whole set:
 * docs/benchmarks.md, "Cheap analysis".
 *
 * @param indices the subset's rows in the test set, ascending; null when {@code tensors} is the whole set
 * @param tensors those rows in the engine
 * @param testRows the whole test set's size
 */
record AnalysisRows(int[] indices, TensorSet tensors, int testRows) {

    /** Test rows by default (200 a class on MNIST). */
    static final int SUBSET_ROWS = 2000;
    /** The whole test set ({@code run --full-test-analysis}). */
    static final int WHOLE_TEST_SET = 0;

    /**
     * The rows for a run asking for {@code rows} of them ({@link #WHOLE_TEST_SET}: all): null for
     * the whole set (asked for, no larger than the subset, or a regression, whose rows have no
     * classes to stratify by).
     */
    static int[] choose(TaskData data, int rows) {
        if (rows == WHOLE_TEST_SET || data.isRegression() || data.test().count() <= rows) {
            return null;
        }
        return TrajectorySampler.stratifiedRows(data.test().labels(), data.classNames().size(), rows);
    }

    /** The subset's rows of {@code outputs}, the model's row-major outputs on the whole test set. */
    float[] pick(float[] outputs) {
        if (indices == null) {
            return outputs;
        }
        int width = outputs.length / testRows;
        float[] picked = new float[indices.length * width];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(outputs, indices[i] * width, picked, i * width, width);
        }
        return picked;
    }
}
