package dev.lorabench.app.run;

import java.util.Arrays;

/**
 * The full loss curve of one series (a variant or the base), kept outside the chart in growable
 * primitive arrays so smoothing or axis changes can rebuild the chart series from it.
 */
public final class LossHistory {

    private final String name;
    private double[] steps = new double[256];
    private double[] losses = new double[256];
    private int size;

    public LossHistory(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void add(double step, double loss) {
        if (size == steps.length) {
            steps = Arrays.copyOf(steps, size * 2);
            losses = Arrays.copyOf(losses, size * 2);
        }
        steps[size] = step;
        losses[size] = loss;
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

    /** Copies of the steps and raw losses, for off-thread work. */
    public double[] steps() {
        return Arrays.copyOf(steps, size);
    }

    public double[] losses() {
        return Arrays.copyOf(losses, size);
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
