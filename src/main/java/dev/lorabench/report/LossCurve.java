package dev.lorabench.report;

/**
 * One drawn loss curve: a line at {@code y} over {@code x}, and where several seeds ran, a band
 * from {@code low} to {@code high} around it (both null for one seed).
 */
public record LossCurve(String name, double[] x, double[] y, double[] low, double[] high) {

    public LossCurve {
        if (x.length != y.length || (low == null) != (high == null)
                || (low != null && (low.length != x.length || high.length != x.length))) {
            throw new IllegalArgumentException("curve " + name + ": x, y, low and high must have one value per point");
        }
    }

    /** A curve of one seed: no band. */
    public static LossCurve line(String name, double[] x, double[] y) {
        return new LossCurve(name, x, y, null, null);
    }

    public boolean hasBand() {
        return low != null;
    }
}
