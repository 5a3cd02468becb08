package dev.lorabench.app.run;

import dev.lorabench.analysis.stats.SeedSummary;
import dev.lorabench.analysis.stats.BandKind;
import dev.lorabench.report.LossCurve;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * One loss series (a variant, the base, a validation curve) over the seeds it ran with: a
 * {@link LossHistory} per seed index. With one seed it draws as that seed's line; with several,
 * as the mean over the seeds at each step, with a band (min–max or ± 1 sd) around it.
 */
public final class SeedCurves {

    private final String name;
    private final Map<Integer, LossHistory> seeds = new TreeMap<>();

    public SeedCurves(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Adds a loss of seed {@code seed}; returns its history. */
    public LossHistory add(int seed, double step, double seconds, double loss) {
        LossHistory h = seeds.computeIfAbsent(seed, s -> new LossHistory(name));
        h.add(step, seconds, loss);
        return h;
    }

    /** The history of one seed, or null. */
    public LossHistory seed(int seed) {
        return seeds.get(seed);
    }

    public Collection<Integer> seedIndices() {
        return seeds.keySet();
    }

    public int seedCount() {
        return seeds.size();
    }

    /** Whether more than one seed has data: the series draws as a mean with a band. */
    public boolean banded() {
        return seeds.size() > 1;
    }

    /** The only (or first) seed's history: what a series of one seed draws. */
    public LossHistory first() {
        return seeds.values().iterator().next();
    }

    /** The most losses any seed has. */
    public int longest() {
        return seeds.values().stream().mapToInt(LossHistory::size).max().orElse(0);
    }

    /**
     * The curve as drawn: each seed smoothed with EMA β, then, step by step, the mean over the seeds
     * that reached that step with its band; every {@code stride}-th step is kept. In wall time a
     * step's x is the mean of its seeds' arrival times. Points without an x (wall time not known)
     * are left out.
     */
    public LossCurve draw(double beta, XAxisMode axis, int batchSize, BandKind band, int stride) {
        LossHistory[] hs = seeds.values().toArray(LossHistory[]::new);
        double[][] smoothed = new double[hs.length][];
        for (int k = 0; k < hs.length; k++) {
            smoothed[k] = Ema.smooth(hs[k].losses(), hs[k].size(), beta);
        }
        int total = 0;
        for (LossHistory h : hs) {
            total += h.size();
        }
        double[] x = new double[total];
        double[] y = new double[total];
        double[] low = new double[total];
        double[] high = new double[total];
        int[] cursor = new int[hs.length];
        double[] values = new double[hs.length];
        int out = 0;
        int merged = 0;
        // A k-way merge by step: each seed's steps increase, and seeds reach the same steps.
        while (true) {
            double step = Double.POSITIVE_INFINITY;
            for (int k = 0; k < hs.length; k++) {
                if (cursor[k] < hs[k].size()) {
                    step = Math.min(step, hs[k].step(cursor[k]));
                }
            }
            if (step == Double.POSITIVE_INFINITY) {
                break;
            }
            int n = 0;
            double secondsSum = 0;
            int secondsCount = 0;
            for (int k = 0; k < hs.length; k++) {
                if (cursor[k] < hs[k].size() && hs[k].step(cursor[k]) == step) {
                    values[n++] = smoothed[k][cursor[k]];
                    double s = hs[k].seconds(cursor[k]);
                    if (!Double.isNaN(s)) {
                        secondsSum += s;
                        secondsCount++;
                    }
                    cursor[k]++;
                }
            }
            if (merged++ % stride != 0) {
                continue;
            }
            double xi = axis.x(step, secondsCount == 0 ? Double.NaN : secondsSum / secondsCount, batchSize);
            if (Double.isNaN(xi)) {
                continue;
            }
            SeedSummary stats = SeedSummary.of(Arrays.copyOf(values, n));
            x[out] = xi;
            y[out] = stats.mean();
            low[out] = stats.lower(band);
            high[out] = stats.upper(band);
            out++;
        }
        x = Arrays.copyOf(x, out);
        y = Arrays.copyOf(y, out);
        return banded()
                ? new LossCurve(name, x, y, Arrays.copyOf(low, out), Arrays.copyOf(high, out))
                : LossCurve.line(name, x, y);
    }
}
