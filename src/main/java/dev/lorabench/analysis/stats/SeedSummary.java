package dev.lorabench.analysis.stats;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Statistic;

/**
 * Mean, sample standard deviation (n − 1), min and max of one series over seeds. Non-finite values
 * (missing seeds, a diverged loss) are left out and {@code count} says how many remained. A single
 * value has no spread; its sd is 0, so a band drawn from it collapses onto the line.
 */
public record SeedSummary(int count, double mean, double sd, double min, double max) {

    public SeedSummary {
        if (count < 1) {
            throw new IllegalArgumentException("count must be ≥ 1 but was " + count);
        }
    }

    public static SeedSummary of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** @throws IllegalArgumentException if no value is finite */
    public static SeedSummary of(double... values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        if (finite.length == 0) {
            throw new IllegalArgumentException("a summary needs at least one finite value but got "
                    + values.length + " values, none finite");
        }
        DoubleStatistics s = DoubleStatistics.of(
                EnumSet.of(Statistic.MEAN, Statistic.STANDARD_DEVIATION, Statistic.MIN, Statistic.MAX), finite);
        return new SeedSummary(finite.length, s.getAsDouble(Statistic.MEAN),
                s.getAsDouble(Statistic.STANDARD_DEVIATION), s.getAsDouble(Statistic.MIN),
                s.getAsDouble(Statistic.MAX));
    }

    /** The low end of a band or whisker of this kind: min, or mean − sd. */
    public double lower(BandKind kind) {
        return kind == BandKind.MIN_MAX ? min : mean - sd;
    }

    /** The high end: max, or mean + sd. */
    public double upper(BandKind kind) {
        return kind == BandKind.MIN_MAX ? max : mean + sd;
    }
}
