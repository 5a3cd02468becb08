package dev.lorabench.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The arithmetic of PEFT's {@code merge_utils} on task tensors of one shape: trim or drop each,
 * then a weighted sum or TIES's elected-sign average. Every step follows PEFT's order, so the
 * result is PEFT's up to float rounding.
 */
final class TaskMerging {

    private TaskMerging() {}

    /**
     * @param density the kept fraction (ignored by {@link TaskMerge#ARITHMETIC}); at 1 nothing is
     *     trimmed or dropped and no mask is drawn, as in PEFT's {@code prune}
     * @param masks task i's keep-mask, asked only for random merges with density &lt; 1
     */
    static Matrix merge(TaskMerge how, List<Matrix> tasks, double[] weights, double density, SignElection election,
            IntFunction<Matrix> masks) {
        int rows = tasks.get(0).rows();
        int cols = tasks.get(0).cols();
        double[][] t = new double[tasks.size()][];
        for (int i = 0; i < t.length; i++) {
            Matrix m = tasks.get(i);
            if (m.rows() != rows || m.cols() != cols) {
                throw new IllegalArgumentException("task tensors differ in shape: " + rows + "x" + cols + " and "
                        + m.rows() + "x" + m.cols());
            }
            t[i] = trimmed(how, m, density, i, masks);
        }
        double[] out = how.electsSign() ? disjointMerge(t, weights, election) : weightedSum(t, weights);
        return Matrix.of(rows, cols, out);
    }

    private static double[] trimmed(TaskMerge how, Matrix m, double density, int task, IntFunction<Matrix> masks) {
        double[] v = m.values();
        if (!how.usesDensity() || density >= 1) {
            return v;
        }
        if (how.random()) {
            double[] keep = masks.apply(task).values();
            for (int i = 0; i < v.length; i++) {
                if (keep[i] != 0 && keep[i] != 1) {
                    throw new IllegalArgumentException("a drop mask holds " + keep[i] + "; masks hold only 0 and 1");
                }
                v[i] = v[i] * keep[i] / density; // PEFT: tensor * mask, then / density
            }
            return v;
        }
        return keepLargest(v, (int) (density * v.length));
    }

    /**
     * PEFT's {@code magnitude_based_pruning}: the k entries of largest |value| stay, the rest become
     * 0. Among equal magnitudes at the cut the earlier entries stay (torch.topk leaves that order
     * unspecified; it changes nothing unless two kept candidates tie exactly).
     */
    static double[] keepLargest(double[] v, int k) {
        double[] out = new double[v.length];
        if (k <= 0) {
            return out;
        }
        double[] mags = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            mags[i] = Math.abs(v[i]);
        }
        Arrays.sort(mags);
        double cut = mags[v.length - Math.min(k, v.length)];
        int above = 0;
        for (double x : v) {
            above += Math.abs(x) > cut ? 1 : 0;
        }
        int atCut = k - above;
        for (int i = 0; i < v.length; i++) {
            double a = Math.abs(v[i]);
            if (a > cut || (a == cut && atCut-- > 0)) {
                out[i] = v[i];
            }
        }
        return out;
    }

    private static double[] weightedSum(double[][] t, double[] weights) {
        double[] out = new double[t[0].length];
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += t[i][j] * weights[i];
            }
        }
        return out;
    }

    /**
     * TIES's elect and disjoint merge: the sign is elected on the trimmed, unweighted values; each
     * entry averages the weighted values whose sign agrees (zeros agree with neither sign), over
     * at least 1.
     */
    private static double[] disjointMerge(double[][] t, double[] weights, SignElection election) {
        int n = t[0].length;
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double vote = 0;
            for (double[] task : t) {
                vote += election == SignElection.TOTAL ? task[j] : Math.signum(task[j]);
            }
            double majority = vote >= 0 ? 1 : -1;
            double sum = 0;
            int agreeing = 0;
            for (int i = 0; i < t.length; i++) {
                if (Math.signum(t[i][j]) == majority) {
                    sum += t[i][j] * weights[i];
                    agreeing++;
                }
            }
            out[j] = sum / Math.max(agreeing, 1);
        }
        return out;
    }
}
