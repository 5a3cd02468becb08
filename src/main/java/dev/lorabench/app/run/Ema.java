package dev.lorabench.app.run;

/**
 * Debiased exponential moving average: {@code s_t = β s_(t-1) + (1-β) x_t} with {@code s_0 = 0},
 * shown as {@code s_t / (1 - β^t)} so early values are not pulled towards zero. β = 0 shows the
 * raw values. One instance follows one series incrementally; {@link #smooth} redoes a whole one.
 */
public final class Ema {

    private final double beta;
    private double s;
    private double betaPow = 1;

    public Ema(double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("smoothing must be in [0, 1) but was " + beta);
        }
        this.beta = beta;
    }

    public double beta() {
        return beta;
    }

    /** Feeds the next raw value and returns the debiased smoothed value. */
    public double next(double x) {
        s = beta * s + (1 - beta) * x;
        betaPow *= beta;
        return s / (1 - betaPow);
    }

    /** The debiased EMA of a whole series. */
    public static double[] smooth(double[] values, int count, double beta) {
        Ema ema = new Ema(beta);
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = ema.next(values[i]);
        }
        return out;
    }
}
