package dev.lorabench.analysis.stats;

import java.util.Arrays;

/**
 * Holm–Bonferroni step-down adjustment for a family of m tests. Sorted ascending, the i-th smallest
 * p-value (from 1) becomes (m − i + 1)·p, capped at 1, and never less than the adjusted value before
 * it, so adjusted p-values keep the raw order. Rejecting every hypothesis whose adjusted p ≤ α keeps
 * the chance of any false rejection in the family at most α, whatever the tests' dependence.
 */
public final class Holm {

    private Holm() {
    }

    /** Adjusted p-values, in the order given. */
    public static double[] adjust(double[] pValues) {
        int m = pValues.length;
        for (int i = 0; i < m; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException("p-value " + i + " must be in 0..1 but was " + pValues[i]);
            }
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(pValues[i], pValues[j]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int k = 0; k < m; k++) {
            int i = order[k];
            running = Math.max(running, Math.min(1.0, (m - k) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
