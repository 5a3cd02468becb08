package dev.lorabench.analysis.stats;

import java.util.Arrays;

/**
 * The paired differences b − a of two variants' per-seed values, with rounding noise removed.
 *
 * <p>A seed counts only when both values are finite (NaN marks a missing value). Metrics such as
 * accuracy are sums of fractions, so two equal differences can disagree in the last bits
 * (0.905 − 0.9 against 0.955 − 0.95); a test must not read that as a difference or break a tie
 * with it. Differences within {@code 1e-12} of the data's magnitude of zero count as zero, and
 * magnitudes within that tolerance of each other count as tied.
 */
final class PairedDifferences {

    /** Relative tolerance: twelve significant digits of the data's magnitude. */
    static final double RELATIVE_TOLERANCE = 1e-12;

    private final double[] a;
    private final double[] b;
    private final double[] differences;
    private final double tolerance;

    private PairedDifferences(double[] a, double[] b, double[] differences, double tolerance) {
        this.a = a;
        this.b = b;
        this.differences = differences;
        this.tolerance = tolerance;
    }

    static PairedDifferences of(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values need one value per seed on both sides, but a has "
                    + a.length + " and b has " + b.length);
        }
        int n = 0;
        double[] keptA = new double[a.length];
        double[] keptB = new double[b.length];
        double magnitude = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
                keptA[n] = a[i];
                keptB[n] = b[i];
                magnitude = Math.max(magnitude, Math.max(Math.abs(a[i]), Math.abs(b[i])));
                n++;
            }
        }
        keptA = Arrays.copyOf(keptA, n);
        keptB = Arrays.copyOf(keptB, n);
        double tolerance = RELATIVE_TOLERANCE * magnitude;
        return new PairedDifferences(keptA, keptB, snapped(keptA, keptB, tolerance), tolerance);
    }

    /** b − a per pair; near-zero values are 0 and near-equal magnitudes are equal. */
    private static double[] snapped(double[] a, double[] b, double tolerance) {
        int n = a.length;
        double[] d = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            d[i] = b[i] - a[i];
            if (Math.abs(d[i]) <= tolerance) {
                d[i] = 0;
            }
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(Math.abs(d[i]), Math.abs(d[j])));
        // Chain neighbours in magnitude order: each joins the group of the one before it when close.
        double groupMagnitude = Double.NaN;
        double previous = Double.NaN;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            double m = Math.abs(d[i]);
            if (k > 0 && m - previous <= tolerance) {
                previous = m;
                d[i] = Math.copySign(groupMagnitude, d[i]);
            } else {
                previous = m;
                groupMagnitude = m;
            }
        }
        return d;
    }

    /** Number of seeds with a value on both sides. */
    int size() {
        return differences.length;
    }

    double[] a() {
        return a.clone();
    }

    double[] b() {
        return b.clone();
    }

    /** The differences b − a, rounding noise removed. */
    double[] differences() {
        return differences.clone();
    }

    /** The mean of b − a over the paired seeds: the effect every test reports. */
    double meanDifference() {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += b[i] - a[i];
        }
        return a.length == 0 ? 0 : sum / a.length;
    }

    boolean allZero() {
        return Arrays.stream(differences).allMatch(d -> d == 0);
    }

    /** True when every difference is the same (after snapping), so the differences have no spread. */
    boolean constant() {
        return Arrays.stream(differences).allMatch(d -> d == differences[0]);
    }

    double tolerance() {
        return tolerance;
    }
}
