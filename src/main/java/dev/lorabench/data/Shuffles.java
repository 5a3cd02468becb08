package dev.lorabench.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic index shuffles and splits.
 *
 * <p>SplittableRandom's algorithm is specified by its Javadoc, so a seed gives the same
 * permutation on every JVM; runs are reproducible from the seed alone.
 */
public final class Shuffles {

    private Shuffles() {}

    /** A random permutation of 0..n-1 (Fisher-Yates); the same seed gives the same permutation. */
    public static int[] permutation(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation size " + n + " is negative");
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Shuffles 0..n-1 and cuts it into parts of the given fractions.
     *
     * <p>Part k gets floor(n * fraction[k]) indices, except the last part, which also gets
     * whatever rounding (or a fraction sum below 1) leaves over, so every index lands in
     * exactly one part.
     *
     * @param fractions each in [0,1], summing to at most 1 (a small rounding slack is allowed)
     */
    public static int[][] split(int n, double[] fractions, long seed) {
        if (fractions.length == 0) {
            throw new IllegalArgumentException("split needs at least one fraction");
        }
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("split fraction " + f + " is not in [0,1]");
            }
            sum += f;
        }
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("split fractions " + Arrays.toString(fractions) + " sum to " + sum + " > 1");
        }
        int[] perm = permutation(n, seed);
        int[][] parts = new int[fractions.length][];
        int start = 0;
        for (int k = 0; k < fractions.length; k++) {
            int end = k == fractions.length - 1
                    ? n
                    : Math.min(n, start + (int) Math.floor(n * fractions[k]));
            parts[k] = Arrays.copyOfRange(perm, start, end);
            start = end;
        }
        return parts;
    }
}
