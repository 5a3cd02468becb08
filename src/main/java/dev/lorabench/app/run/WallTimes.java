package dev.lorabench.app.run;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * When a run's losses arrived in the window: per curve (series × seed), the seconds since that
 * curve's training started, by step. The live charts stamp them; a finished run keeps them in its
 * {@link RunRecord} so its wall-time axis survives redrawing it from the record.
 */
public final class WallTimes {

    /** A run without arrival times (its wall-time axis stays empty). */
    public static final WallTimes NONE = new WallTimes(Map.of());

    /** One curve of one seed. */
    public record Curve(String series, int seed) {}

    private record Times(double[] steps, double[] seconds) {}

    private final Map<Curve, Times> times;

    private WallTimes(Map<Curve, Times> times) {
        this.times = times;
    }

    /** The arrival times the charts' curves hold now. */
    public static WallTimes of(LossChartModel... charts) {
        Map<Curve, Times> times = new HashMap<>();
        for (LossChartModel chart : charts) {
            for (String name : chart.seriesNames()) {
                SeedCurves c = chart.curves(name);
                for (int seed : c.seedIndices()) {
                    LossHistory h = c.seed(seed);
                    times.put(new Curve(name, seed), new Times(h.steps(), h.seconds()));
                }
            }
        }
        return new WallTimes(Map.copyOf(times));
    }

    /** Seconds since the curve's start at which its loss of {@code step} arrived; NaN when not known. */
    public double seconds(String series, int seed, double step) {
        Times t = times.get(new Curve(series, seed));
        if (t == null) {
            return Double.NaN;
        }
        // Steps increase along a curve.
        int i = Arrays.binarySearch(t.steps(), step);
        return i >= 0 ? t.seconds()[i] : Double.NaN;
    }
}
