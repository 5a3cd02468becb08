package dev.lorabench.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * One fine-tuned layer's intruder dimensions for every k and ε at once: the best |cosine| of each
 * of its leading left singular vectors with all of the base's (Shuttleworth et al. 2024, as {@link
 * IntruderDimensions#find} computes it), for the top {@code kMax} of them. A direction's best cosine
 * does not depend on k or ε, so the count at any k ≤ kMax and ε is read off, not recomputed.
 *
 * @param bestCosine per tuned direction j (descending σ), max over i of |u'_jᵀ u_i|
 * @param similarity |U'ᵀU| of the leading tuned (rows) and base (columns) directions, for display
 */
public record IntruderProfile(double[] bestCosine, double[][] similarity) {

    public IntruderProfile {
        if (bestCosine.length == 0) {
            throw new IllegalArgumentException("an intruder profile needs at least one direction but had none");
        }
        bestCosine = bestCosine.clone();
        double[][] copy = new double[similarity.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = similarity[i].clone();
        }
        similarity = copy;
    }

    /** The profile of {@code tuned} (its top {@code kMax} directions) against {@code base}, both thin SVDs. */
    public static IntruderProfile of(Svd base, Svd tuned, int kMax, int shown) {
        IntruderDimensions all = IntruderDimensions.find(base, tuned, kMax, 1);
        int rows = Math.min(shown, Math.min(kMax, tuned.size()));
        int cols = Math.min(shown, base.size());
        return new IntruderProfile(all.bestCosine(), IntruderDimensions.similarity(base, tuned, rows, cols));
    }

    @Override
    public double[] bestCosine() {
        return bestCosine.clone();
    }

    @Override
    public double[][] similarity() {
        double[][] copy = new double[similarity.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = similarity[i].clone();
        }
        return copy;
    }

    /** The largest k the profile answers for. */
    public int kMax() {
        return bestCosine.length;
    }

    /**
     * The intruders among the top {@code k} directions at threshold ε, as {@link
     * IntruderDimensions#find} would find them.
     *
     * @throws IllegalArgumentException for k outside 1..kMax or ε outside (0, 1]
     */
    public IntruderDimensions at(int k, double epsilon) {
        if (k < 1 || k > kMax()) {
            throw new IllegalArgumentException("k must be in 1.." + kMax() + " but was " + k);
        }
        if (!(epsilon > 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("ε must be in (0, 1] but was " + epsilon);
        }
        double[] best = java.util.Arrays.copyOf(bestCosine, k);
        List<Integer> found = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            if (best[j] < epsilon) {
                found.add(j);
            }
        }
        return new IntruderDimensions(k, epsilon, best, found);
    }

    public int count(int k, double epsilon) {
        return at(k, epsilon).count();
    }

    /** The counts among the top {@code k} at each of {@code epsilons}. */
    public int[] countsOver(int k, double[] epsilons) {
        return at(k, 1).countsOver(epsilons);
    }

    /** The top-left {@code k}×{@code k} block of {@link #similarity} (at most what was kept). */
    public double[][] similarity(int k) {
        int rows = Math.min(k, similarity.length);
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = java.util.Arrays.copyOf(similarity[i], Math.min(k, similarity[i].length));
        }
        return out;
    }
}
