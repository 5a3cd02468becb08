package dev.lorabench.analysis.stats;

/**
 * The seeds' values at one step.
 *
 * @param step the step
 * @param count how many seeds have a finite value at this step
 * @param mean their mean
 * @param sd their sample standard deviation (0 for one seed)
 * @param min the lowest
 * @param max the highest
 */
public record BandPoint(int step, int count, double mean, double sd, double min, double max) {

    static BandPoint of(int step, SeedSummary s) {
        return new BandPoint(step, s.count(), s.mean(), s.sd(), s.min(), s.max());
    }

    public double lower(BandKind kind) {
        return switch (kind) {
            case MIN_MAX -> min;
            case SD -> mean - sd;
        };
    }

    public double upper(BandKind kind) {
        return switch (kind) {
            case MIN_MAX -> max;
            case SD -> mean + sd;
        };
    }
}
