package dev.lorabench.app.run;

import java.util.Arrays;

/**
 * The full loss curve of one series and seed (a variant or the base), kept outside the chart in
 * growable primitive arrays so smoothing or axis changes can rebuild the chart series from it.
 * Each loss has its step and the seconds since the curve's training started when it arrived (NaN
 * when not known).
 */
public final class LossHistory {

    private final String name;
    private double[] steps = new double[256];
    private double[] losses = new double[256];
    private double[] seconds = new double[256];
    private int size;

    public LossHistory(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void add(double step, double loss) {
        add(step, Double.NaN, loss);
    }

    public void add(double step, double secondsSinceStart, double loss) {
        if (size == steps.length) {
            steps = Arrays.copyOf(steps, size * 2);
            losses = Arrays.copyOf(losses, size * 2);
            seconds = Arrays.copyOf(seconds, size * 2);
        }
        steps[size] = step;
        losses[size] = loss;
        seconds[size] = secondsSinceStart;
        size++;
    }

    public int size() {
        return size;
    }

    public double step(int i) {
        return steps[i];
    }

    public double loss(int i) {
        return losses[i];
    }

    /** Seconds since the curve's training started when loss {@code i} arrived; NaN when not known. */
    public double seconds(int i) {
        return seconds[i];
    }

    /** Copies of the steps and raw losses, for off-thread work. */
    public double[] steps() {
        return Arrays.copyOf(steps, size);
    }

    public double[] losses() {
        return Arrays.copyOf(losses, size);
    }

    public double[] seconds() {
        return Arrays.copyOf(seconds, size);
    }

    /** (step, smoothed loss) pairs with the given EMA β, for charts and exports. */
    public double[][] smoothedPoints(double beta) {
        double[] smoothed = Ema.smooth(losses, size, beta);
        double[][] points = new double[size][];
        for (int i = 0; i < size; i++) {
            points[i] = new double[] {steps[i], smoothed[i]};
        }
        return points;
    }
}
