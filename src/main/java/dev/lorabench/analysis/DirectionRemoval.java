package dev.lorabench.analysis;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * An adapter without some of its directions: ΔW − Σ_{i∈D} σᵢ·uᵢ·vᵢᵀ written back into factors of
 * the adapter's own shape and scale, so that the engine evaluates it through the same forward as
 * the trained adapter (ADR 0028).
 *
 * <p>With ΔW = s·B·A = U·Σ·Vᵀ ({@link Svd#ofLowRank}), the kept directions K become B' = U_K·Σ_K/s
 * and A' = V_Kᵀ, zero-padded to rank r. Removing every direction gives B' = 0 exactly, so a plain
 * LoRA layer then adds exactly nothing to its base.
 */
public final class DirectionRemoval {

    private DirectionRemoval() {}

    /**
     * {@code f} without the directions {@code directions} (0-based, σ descending). Indices at or
     * past ΔW's number of non-zero singular values name directions with σ = 0: removing them
     * removes nothing, so when no index names a direction with σ &gt; 0, {@code f} itself is returned.
     *
     * @throws IllegalArgumentException for a negative index or one at or past the adapter's rank
     */
    public static LoraFactors without(LoraFactors f, Collection<Integer> directions) {
        Set<Integer> removed = new TreeSet<>(directions);
        for (int i : removed) {
            if (i < 0 || i >= f.rank()) {
                throw new IllegalArgumentException("direction must be in 0.." + (f.rank() - 1) + " but was " + i);
            }
        }
        Svd svd = Svd.ofLowRank(f.b(), f.a(), f.scale());
        if (removed.stream().noneMatch(i -> i < svd.size())) {
            return f;
        }
        int r = f.rank();
        Matrix b = Matrix.zeros(f.b().rows(), r);
        Matrix a = Matrix.zeros(r, f.a().cols());
        int k = 0;
        for (int i = 0; i < svd.size(); i++) {
            if (removed.contains(i)) {
                continue;
            }
            double weight = svd.sigma()[i] / f.scale();
            for (int row = 0; row < b.rows(); row++) {
                b.set(row, k, svd.u().get(row, i) * weight);
            }
            for (int col = 0; col < a.cols(); col++) {
                a.set(k, col, svd.v().get(col, i));
            }
            k++;
        }
        return new LoraFactors(a, b, f.scale());
    }
}
