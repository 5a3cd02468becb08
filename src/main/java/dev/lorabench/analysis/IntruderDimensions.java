package dev.lorabench.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Intruder dimensions of a fine-tuned weight (Shuttleworth et al. 2024, "LoRA vs Full
 * Fine-tuning: an Illusion of Equivalence"; PEFT's {@code reduce_intruder_dimension}): among the
 * top-k left singular vectors of W + ΔW, those whose best |cosine| with every left singular vector
 * of the base W is below ε: directions the fine-tune brought in that W did not have.
 *
 * <p>As PEFT does, the base side uses all of W's thin-SVD left vectors (min(out, in) of them), so
 * in a layer with out ≤ in they span the whole output space and every best cosine is at least
 * 1/√out (the MLP's 10-output head: 0.32); such a layer can have intruders only for ε above that.
 *
 * @param topK how many of the tuned weight's leading directions were examined
 * @param epsilon the cosine threshold
 * @param bestCosine per examined direction j (descending σ), max over i of |u'_jᵀ u_i|
 * @param intruders the examined directions whose best cosine is below ε, ascending
 */
public record IntruderDimensions(int topK, double epsilon, double[] bestCosine, List<Integer> intruders) {

    public IntruderDimensions {
        bestCosine = bestCosine.clone();
        intruders = List.copyOf(intruders);
    }

    /**
     * The intruders among the top {@code topK} directions of {@code tuned} (W + ΔW) against
     * {@code base} (W), both thin SVDs of the same shape.
     *
     * @throws IllegalArgumentException for k outside 1..min(out, in) or ε outside (0, 1]
     */
    public static IntruderDimensions find(Svd base, Svd tuned, int topK, double epsilon) {
        int bound = Math.min(tuned.u().rows(), tuned.v().rows());
        if (topK < 1 || topK > bound) {
            throw new IllegalArgumentException("k must be in 1.." + bound + " but was " + topK);
        }
        if (!(epsilon > 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("ε must be in (0, 1] but was " + epsilon);
        }
        double[][] cos = similarity(base, tuned, Math.min(topK, tuned.size()), base.size());
        double[] best = new double[cos.length];
        List<Integer> found = new ArrayList<>();
        for (int j = 0; j < cos.length; j++) {
            for (double c : cos[j]) {
                best[j] = Math.max(best[j], c);
            }
            if (best[j] < epsilon) {
                found.add(j);
            }
        }
        return new IntruderDimensions(topK, epsilon, best, found);
    }

    /** |U'ᵀ U| for the first {@code tunedK} tuned and {@code baseK} base left singular vectors (rows: tuned). */
    public static double[][] similarity(Svd base, Svd tuned, int tunedK, int baseK) {
        Matrix c = tuned.u().leftColumns(tunedK).transposeTimes(base.u().leftColumns(baseK));
        double[][] out = new double[tunedK][baseK];
        for (int j = 0; j < tunedK; j++) {
            for (int i = 0; i < baseK; i++) {
                out[j][i] = Math.abs(c.get(j, i));
            }
        }
        return out;
    }

    public int count() {
        return intruders.size();
    }

    /** How many examined directions are intruders at each of {@code epsilons} (the counts-over-ε curve). */
    public int[] countsOver(double[] epsilons) {
        int[] counts = new int[epsilons.length];
        for (int e = 0; e < epsilons.length; e++) {
            for (double b : bestCosine) {
                if (b < epsilons[e]) {
                    counts[e]++;
                }
            }
        }
        return counts;
    }

    /**
     * PEFT's intruder reduction of one adapted layer: removes the share {@code removed} ∈ [0, 1] of
     * each intruder direction σ·u·vᵀ from W + ΔW, and refits the adapter's factors at its rank r to
     * the new ΔW without its scale (B = U_r·√Σ_r, A = √Σ_r·V_rᵀ), as {@code reduce_intruder_dimension}
     * does. {@code removed} = 0 keeps W + ΔW; it is PEFT's 1 − {@code mitigation_lambda} (PEFT's code
     * adds (λ − 1)·intruders, so its λ = 1 is the identity although its docstring calls λ the share
     * subtracted).
     *
     * @param w the base weight W (out × in·kh·kw)
     * @param adapter the trained factors (ΔW = scale·B·A)
     * @param tuned the thin SVD of W + ΔW
     * @param intruders which of its directions to reduce
     */
    public static LoraFactors reduce(Matrix w, LoraFactors adapter, Svd tuned, IntruderDimensions intruders,
            double removed) {
        if (!(removed >= 0 && removed <= 1)) {
            throw new IllegalArgumentException("removed share must be in [0, 1] but was " + removed);
        }
        if (removed == 0 || intruders.intruders().isEmpty()) {
            return adapter;
        }
        // ΔW' / s = B·A − (removed/s)·Σ_j σ_j·u_j·v_jᵀ has rank ≤ r + |intruders|: its SVD goes through
        // that small core (Svd.ofLowRank), never through a dense out × in decomposition.
        List<Integer> cut = intruders.intruders();
        int r0 = adapter.rank();
        Matrix bc = Matrix.zeros(w.rows(), r0 + cut.size());
        Matrix ac = Matrix.zeros(r0 + cut.size(), w.cols());
        for (int r = 0; r < w.rows(); r++) {
            for (int k = 0; k < r0; k++) {
                bc.set(r, k, adapter.b().get(r, k));
            }
        }
        for (int k = 0; k < r0; k++) {
            for (int c = 0; c < w.cols(); c++) {
                ac.set(k, c, adapter.a().get(k, c));
            }
        }
        for (int m = 0; m < cut.size(); m++) {
            int j = cut.get(m);
            double s = -removed * tuned.sigma()[j] / adapter.scale();
            for (int r = 0; r < w.rows(); r++) {
                bc.set(r, r0 + m, tuned.u().get(r, j) * s);
            }
            for (int c = 0; c < w.cols(); c++) {
                ac.set(r0 + m, c, tuned.v().get(c, j));
            }
        }
        Svd refit = Svd.ofLowRank(bc, ac, 1);
        int rank = adapter.rank();
        Matrix b = Matrix.zeros(w.rows(), rank);
        Matrix a = Matrix.zeros(rank, w.cols());
        for (int k = 0; k < Math.min(rank, refit.size()); k++) {
            double root = Math.sqrt(refit.sigma()[k]);
            for (int r = 0; r < w.rows(); r++) {
                b.set(r, k, refit.u().get(r, k) * root);
            }
            for (int c = 0; c < w.cols(); c++) {
                a.set(k, c, refit.v().get(c, k) * root);
            }
        }
        return new LoraFactors(a, b, adapter.scale());
    }
}
