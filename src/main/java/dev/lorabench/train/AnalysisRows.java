package dev.lorabench.train;

/**
 * The test rows the analysis after the fine-tunes runs its many forward passes on: the truncation
 * curve's 17 (16 cuts and the full fine-tune) and each LoRA variant's merged pass of the merge
 * check. A fixed class-stratified subset of {@link #SUBSET_ROWS} rows spread over the test set
 * ({@link #spreadRows}) when the test set is larger (the same rows for every pass, so points stay
 * comparable), else the whole set. The variants'
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
        return spreadRows(data.test().labels(), data.classNames().size(), rows);
    }

    /**
     * {@code m} row indices, ascending: each class gets its share of {@code m} (largest remainder,
     * as {@link TrajectorySampler#stratifiedRows}), and its q rows are the middle rows of q equal
     * runs of that class's rows, spread over the whole test set. Not the first rows of each class:
     * MNIST's test set has its cleaner writers in the first half, and a full fine-tune that forgot
     * most classes scored 0.049 lower on the first 200 rows of each class than on all 10,000
     * (docs/benchmarks.md, "Cheap analysis").
     */
    static int[] spreadRows(int[] labels, int classCount, int m) {
        int[] quota = new int[classCount];
        for (int row : TrajectorySampler.stratifiedRows(labels, classCount, m)) {
            quota[labels[row]]++;
        }
        int[] count = new int[classCount];
        for (int label : labels) {
            count[label]++;
        }
        int[] seen = new int[classCount];
        int[] next = new int[classCount];
        int[] rows = new int[m];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            // The j-th pick of class c is its row number floor((2j + 1) · n_c / (2 q_c)) among that class's rows.
            if (next[c] < quota[c] && seen[c] == (int) ((2L * next[c] + 1) * count[c] / (2L * quota[c]))) {
                rows[k++] = i;
                next[c]++;
            }
            seen[c]++;
        }
        return rows;
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
