package dev.lorabench.analysis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PEFT's intruder reduction of a whole LoRA adapter ({@link IntruderDimensions#reduce} on every
 * layer), prepared once for a k and ε so that many shares removed (a slider) cost a small refit
 * each: the dense SVD of W + ΔW is taken once per layer here, only where the layer has intruders.
 * For adapters whose W_ft − W is s·B·A (LoRA, rsLoRA, LoRA+).
 */
public final class IntruderReduction {

    private final Map<String, Matrix> base;
    private final Map<String, LoraFactors> adapter;
    private final Map<String, IntruderDimensions> found = new LinkedHashMap<>();
    private final Map<String, Svd> tuned = new LinkedHashMap<>();

    private IntruderReduction(Map<String, Matrix> base, Map<String, LoraFactors> adapter) {
        this.base = base;
        this.adapter = adapter;
    }

    /**
     * Prepares the reduction of {@code adapter} at (k, ε): per layer, the intruders its {@code
     * profiles} entry names among the top min(k, its kMax) directions, and the leading SVD of W + ΔW
     * that {@link IntruderDimensions#reduce} subtracts them from.
     *
     * @param profiles layer path → the adapter's intruder profile there (from the run's findings)
     */
    public static IntruderReduction prepare(Map<String, Matrix> baseWeights, Map<String, LoraFactors> adapter,
            Map<String, IntruderProfile> profiles, int k, double epsilon) {
        IntruderReduction r = new IntruderReduction(baseWeights, adapter);
        adapter.forEach((path, f) -> {
            IntruderProfile p = profiles.get(path);
            Matrix w = baseWeights.get(path);
            if (p == null || w == null) {
                throw new IllegalArgumentException("no intruder profile or base weight for layer " + path);
            }
            int kk = Math.max(1, Math.min(k, p.kMax()));
            IntruderDimensions d = p.at(kk, epsilon);
            r.found.put(path, d);
            if (d.count() > 0) {
                // The same decomposition the profile was made from, so direction j is the same j.
                r.tuned.put(path, Svd.spectrum(w.plus(f.delta()), kk).leading());
            }
        });
        return r;
    }

    /** The adapter with the share {@code removed} ∈ [0, 1] of every layer's intruders removed (0: the adapter itself). */
    public Map<String, LoraFactors> reduced(double removed) {
        if (!(removed >= 0 && removed <= 1)) {
            throw new IllegalArgumentException("removed share must be in [0, 1] but was " + removed);
        }
        Map<String, LoraFactors> out = new LinkedHashMap<>();
        adapter.forEach((path, f) -> {
            Svd t = tuned.get(path);
            out.put(path, t == null ? f : IntruderDimensions.reduce(base.get(path), f, t, found.get(path), removed));
        });
        return out;
    }

    /** Layer path → how many intruders it reduces. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        found.forEach((path, d) -> out.put(path, d.count()));
        return out;
    }

    /** All layers' intruders together. */
    public int total() {
        return found.values().stream().mapToInt(IntruderDimensions::count).sum();
    }
}
