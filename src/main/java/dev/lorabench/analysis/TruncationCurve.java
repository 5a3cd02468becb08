package dev.lorabench.analysis;

import java.util.List;

/**
 * Test accuracy (or MSE) of W + ΔW_k where ΔW_k keeps the top-k directions of the full
 * fine-tune's update in every adapted layer: the direct answer to "is rank 4 enough?".
 */
public record TruncationCurve(List<Integer> k, List<Double> metric, String metricName, double fullMetric) {

    public TruncationCurve {
        k = List.copyOf(k);
        metric = List.copyOf(metric);
    }
}
