package dev.lorabench.train;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

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
     * At most {@code m} row indices, ascending (all rows when there are no more than {@code m}):
     * each class gets its share of {@code m}, rounded by largest remainder (ties to the lower
     * class), and its q rows are the middle rows of q equal runs of that class's rows, spread over
     * the whole test set. Shares, not a first-{@code m} cut, which would miss classes in a test set
     * stored class by class (image folders). Not the first rows of each class: MNIST's test set has
     * its cleaner writers in the first half, and a full fine-tune that forgot most classes scored
     * 0.049 lower on the first 200 rows of each class than on all 10,000 (docs/benchmarks.md,
     * "Cheap analysis"). The trajectory's subset ({@link TrajectorySampler}) is chosen here too.
     */
    static int[] spreadRows(int[] labels, int classCount, int m) {
        int n = labels.length;
        if (n <= m) {
            return IntStream.range(0, n).toArray();
        }
        int[] count = new int[classCount];
        for (int label : labels) {
            count[label]++;
        }
        int[] quota = shares(count, n, m);
        int[] seen = new int[classCount];
        int[] next = new int[classCount];
        int[] rows = new int[m];
        int k = 0;
        for (int i = 0; i < n; i++) {
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

    /** Each class's share of {@code m} of {@code n} rows: m·count/n rounded by largest remainder, ties to the lower class. */
    private static int[] shares(int[] count, int n, int m) {
        int classCount = count.length;
        int[] quota = new int[classCount];
        int given = 0;
        for (int c = 0; c < classCount; c++) {
            quota[c] = (int) ((long) m * count[c] / n);
            given += quota[c];
        }
        List<Integer> byRemainder = IntStream.range(0, classCount).boxed()
                .sorted(Comparator.comparingLong((Integer c) -> -((long) m * count[c] % n)).thenComparing(c -> c))
                .toList();
        for (int i = 0; given < m; i++) {
            quota[byRemainder.get(i)]++;
            given++;
        }
        return quota;
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
