package dev.lorabench.report;

import dev.lorabench.train.Evaluation;
import dev.lorabench.train.SeedRun;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One variant's results over its seeds: mean, standard deviation, smallest and largest value of
 * accuracy, errors on the target classes, errors on the others and each class's errors (for
 * regression the test MSE). Diverged seeds are included as they ended (their count is {@code
 * diverged}): leaving them out would flatter an unstable variant.
 *
 * @param seeds how many seed runs
 * @param accuracy null for regression
 * @param mse null for classification
 */
public record SeedSummary(
        int seeds, int diverged, Spread accuracy, Spread targetErrors, Spread otherErrors, List<Spread> classErrors,
        Spread mse) {

    public SeedSummary {
        classErrors = List.copyOf(classErrors);
    }

    /**
     * Mean, sample standard deviation (n − 1 in the denominator; NaN for a single value), min and
     * max of some values.
     */
    public record Spread(double mean, double sd, double min, double max) {

        public static Spread of(double[] values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("a spread needs at least one value");
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double mean = sum / values.length;
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            double sd = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : Double.NaN;
            return new Spread(mean, sd, min, max);
        }
    }

    /**
     * The summary of one variant's seed runs ({@code runs} all of one variant, at least one);
     * {@code targets} are the run's target classes.
     */
    public static SeedSummary of(List<SeedRun> runs, List<Integer> targets) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a seed summary needs at least one seed run");
        }
        int diverged = (int) runs.stream().filter(r -> r.divergedAtStep() > 0).count();
        if (runs.get(0).evaluation().isRegression()) {
            return new SeedSummary(runs.size(), diverged, null, null, null, List.of(), spread(runs, Evaluation::mse));
        }
        int classes = runs.get(0).evaluation().classErrors().size();
        List<Spread> perClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int k = c;
            perClass.add(spread(runs, e -> e.classErrors().get(k)));
        }
        return new SeedSummary(runs.size(), diverged,
                spread(runs, Evaluation::accuracy),
                spread(runs, e -> e.errorsOn(targets)),
                spread(runs, e -> e.totalErrors() - e.errorsOn(targets)),
                perClass, null);
    }

    private static Spread spread(List<SeedRun> runs, ToDoubleFunction<Evaluation> measure) {
        return Spread.of(runs.stream().map(SeedRun::evaluation).mapToDouble(measure).toArray());
    }
}
