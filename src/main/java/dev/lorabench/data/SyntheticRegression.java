package dev.lorabench.data;

import java.util.SplittableRandom;

/**
 * The toy regression of seed 003, made so that rank matters: inputs x ∈ R^10, a base task
 * y = W0·x and a fine-tune task y = (W0 + ΔW)·x with ΔW of rank {@code updateRank}, plus noise.
 * Adapters of rank ≥ updateRank can fit the shift; lower ranks cannot, the full fine-tune can.
 *
 * <p>Arrays are row-major: {@code x} is n×in, targets n×out.
 */
public record SyntheticRegression(
        int in,
        int out,
        int updateRank,
        float[] xTrain,
        float[] baseTrain,
        float[] tuneTrain,
        float[] xTest,
        float[] baseTest,
        float[] tuneTest) {

    public static final int IN = 10;
    public static final int OUT = 5;

    /** The standard toy set: 10→5, a rank-2 shift, 500 train and 200 test rows. */
    public static SyntheticRegression standard(long seed) {
        return generate(seed, 500, 200, IN, OUT, 2, 0.05f);
    }

    public static SyntheticRegression generate(
            long seed, int nTrain, int nTest, int in, int out, int updateRank, float noise) {
        if (updateRank < 1 || updateRank > Math.min(in, out)) {
            throw new IllegalArgumentException(
                    "update rank must be in 1.." + Math.min(in, out) + " but was " + updateRank);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] w0 = gaussian(random, out * in, (float) (1 / Math.sqrt(in)));
        float[] delta = new float[out * in];
        for (int k = 0; k < updateRank; k++) {
            float[] u = gaussian(random, out, 1f);
            float[] v = gaussian(random, in, (float) (1 / Math.sqrt(in)));
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    delta[o * in + i] += u[o] * v[i];
                }
            }
        }
        float[] w1 = new float[out * in];
        for (int j = 0; j < w1.length; j++) {
            w1[j] = w0[j] + delta[j];
        }
        float[] xTrain = gaussian(random, nTrain * in, 1f);
        float[] xTest = gaussian(random, nTest * in, 1f);
        return new SyntheticRegression(
                in, out, updateRank,
                xTrain, apply(w0, xTrain, in, out, random, noise), apply(w1, xTrain, in, out, random, noise),
                xTest, apply(w0, xTest, in, out, random, 0f), apply(w1, xTest, in, out, random, 0f));
    }

    private static float[] apply(float[] w, float[] x, int in, int out, SplittableRandom random, float noise) {
        int n = x.length / in;
        float[] y = new float[n * out];
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                float s = 0;
                for (int i = 0; i < in; i++) {
                    s += w[o * in + i] * x[r * in + i];
                }
                y[r * out + o] = s + (noise > 0 ? (float) (random.nextGaussian() * noise) : 0f);
            }
        }
        return y;
    }

    private static float[] gaussian(SplittableRandom random, int n, float std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextGaussian() * std);
        }
        return a;
    }
}
