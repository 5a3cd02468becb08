package dev.lorabench.app.run;

/**
 * Mean, sample standard deviation (n − 1; 0 for one value), min and max of one quantity over the
 * seeds that have it: the band of a loss curve at a step, the whisker of a class-error bar.
 */
public record SeedStats(int n, double mean, double sd, double min, double max) {

    /** The statistics of the first {@code n} values. */
    public static SeedStats of(double[] values, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1 but was " + n);
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            sum += values[i];
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            squares += (values[i] - mean) * (values[i] - mean);
        }
        return new SeedStats(n, mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0, min, max);
    }

    public double low(BandMode mode) {
        return mode == BandMode.MIN_MAX ? min : mean - sd;
    }

    public double high(BandMode mode) {
        return mode == BandMode.MIN_MAX ? max : mean + sd;
    }
}
