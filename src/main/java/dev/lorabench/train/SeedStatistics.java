package dev.lorabench.train;

import dev.lorabench.analysis.stats.Comparison;
import dev.lorabench.analysis.stats.Metric;
import dev.lorabench.analysis.stats.Scope;
import dev.lorabench.analysis.stats.ScopeSeries;
import dev.lorabench.analysis.stats.SeedComparisons;
import dev.lorabench.analysis.stats.VariantSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The comparisons of a run over several seeds: every pair of variants, paired by seed, on the test
 * errors overall and on each class (the mean squared error for regression), each scope its own Holm
 * family ({@link SeedComparisons}; docs/statistics.md). A diverged seed has no value and drops out
 * of its pairs.
 */
public final class SeedStatistics {

    private SeedStatistics() {}

    /**
     * The comparisons of {@code runs} with {@code method}.
     *
     * @param variants the variants' names in display order (pairs are (earlier, later))
     * @param classNames the dataset's class names (empty for regression)
     */
    public static List<Comparison> comparisons(
            List<SeedRun> runs, List<String> variants, List<String> classNames, SeedComparisons method) {
        int seeds = runs.stream().mapToInt(SeedRun::seedIndex).max().orElse(-1) + 1;
        if (seeds < 2 || variants.size() < 2) {
            return List.of();
        }
        boolean regression = runs.stream().anyMatch(r -> r.evaluation().isRegression());
        List<ScopeSeries> scopes = new ArrayList<>();
        if (regression) {
            scopes.add(scope(runs, variants, seeds, Scope.OVERALL, Metric.level("mean squared error"),
                    e -> e.mse()));
        } else {
            scopes.add(scope(runs, variants, seeds, Scope.OVERALL, Metric.errors(), e -> e.totalErrors()));
            for (int c = 0; c < classNames.size(); c++) {
                int k = c;
                scopes.add(scope(runs, variants, seeds, Scope.ofClass(c, classNames.get(c)), Metric.errors(),
                        e -> e.classErrors().get(k)));
            }
        }
        return method.compare(scopes);
    }

    private static ScopeSeries scope(List<SeedRun> runs, List<String> variants, int seeds, Scope scope, Metric metric,
            ToDoubleFunction<Evaluation> value) {
        List<VariantSeries> series = new ArrayList<>();
        for (String v : variants) {
            double[] perSeed = new double[seeds];
            Arrays.fill(perSeed, Double.NaN);
            for (SeedRun r : runs) {
                if (r.variant().equals(v) && r.divergedAtStep() == 0) {
                    perSeed[r.seedIndex()] = value.applyAsDouble(r.evaluation());
                }
            }
            series.add(VariantSeries.of(v, perSeed));
        }
        return new ScopeSeries(scope, metric, series);
    }
}
