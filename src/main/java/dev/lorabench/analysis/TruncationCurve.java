package dev.lorabench.analysis;

import java.util.List;

/**
 * Test accuracy (or MSE) of W + ΔW_k where ΔW_k keeps the top-k directions of the full
 * fine-tune's update in every adapted layer: the direct answer to "is rank 4 enough?".
 *
 * <p>Every point and {@code fullMetric} (the full fine-tune itself) are measured on the same
 * {@code rows} test rows: a fixed class-stratified subset of the {@code testRows}-row test set, or
 * all of it ({@code rows == testRows}). A subset keeps the curve's 16 forward passes cheap; its
 * error against the whole set is measured in docs/benchmarks.md ("Cheap analysis").
 */
public record TruncationCurve(List<Integer> k, List<Double> metric, String metricName, double fullMetric,
        int rows, int testRows) {

    public TruncationCurve {
        k = List.copyOf(k);
        metric = List.copyOf(metric);
        if (rows < 1 || rows > testRows) {
            throw new IllegalArgumentException("rows must be in 1.." + testRows + " but was " + rows);
        }
    }

    /** Whether the curve was measured on a subset of the test set. */
    public boolean onSubset() {
        return rows < testRows;
    }
}
