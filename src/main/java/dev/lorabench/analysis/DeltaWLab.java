package dev.lorabench.analysis;

import dev.lorabench.plan.FullFineTune;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a low rank suffices, per layer: spectra of W and of every variant's ΔW, effective ranks,
 * subspace similarity between ranks, amplification, and the rank-k truncations of the full
 * fine-tune's update used for the "is rank 4 enough?" curve.
 */
public final class DeltaWLab {

    /** How many leading singular values of dense matrices (W, full ΔW) are computed. */
    public static final int DENSE_SPECTRUM = 32;
    /** The full fine-tune's directions that enter the subspace comparison. */
    public static final int FULL_SUBSPACE = 4;
    /** Largest k of the truncation curve. */
    public static final int MAX_TRUNCATION = 16;

    private DeltaWLab() {}

    /**
     * Analyses every layer.
     *
     * @param baseWeights layer path → W (out × in·kh·kw)
     * @param lora LoRA variant → layer path → adapter factors
     * @param fullDelta layer path → W_ft − W of the full fine-tune (empty when none)
     * @param fullSvds layer path → leading SVD of {@code fullDelta} ({@link #fullSpectrum})
     * @param fullSpectra layer path → all singular values of {@code fullDelta} ({@link
     *     #fullSpectrum}), for the effective and 90 %-energy ranks
     */
    public static List<LayerSpectra> analyse(
            Map<String, Matrix> baseWeights,
            Map<LoraVariant, Map<String, LoraFactors>> lora,
            Map<String, Matrix> fullDelta,
            Map<String, Svd> fullSvds,
            Map<String, double[]> fullSpectra) {
        List<LayerSpectra> layers = new ArrayList<>();
        for (Map.Entry<String, Matrix> layer : baseWeights.entrySet()) {
            String path = layer.getKey();
            Matrix w = layer.getValue();
            Map<String, Svd> svds = new LinkedHashMap<>();
            Map<String, Matrix> deltas = new LinkedHashMap<>();
            Map<String, Variant> variants = new LinkedHashMap<>();
            lora.forEach((variant, factors) -> {
                LoraFactors f = factors.get(path);
                if (f != null) {
                    svds.put(variant.name(), Svd.ofLowRank(f.b(), f.a(), f.scale()));
                    deltas.put(variant.name(), f.delta());
                    variants.put(variant.name(), variant);
                }
            });
            Matrix full = fullDelta.get(path);
            if (full != null) {
                Variant fullVariant = Variant.full();
                svds.put(fullVariant.name(), fullSvds.get(path));
                deltas.put(fullVariant.name(), full);
                variants.put(fullVariant.name(), fullVariant);
            }
            Map<String, double[]> spectra = new LinkedHashMap<>();
            Map<String, Double> erank = new LinkedHashMap<>();
            Map<String, Double> amplification = new LinkedHashMap<>();
            Map<String, Integer> energy = new LinkedHashMap<>();
            svds.forEach((variant, svd) -> {
                // A LoRA ΔW's r values are its whole spectrum; the full one's plotted values are not.
                boolean dense = variants.get(variant) instanceof FullFineTune;
                double[] all = dense ? fullSpectra.get(path) : svd.sigma();
                spectra.put(variant, svd.sigma());
                erank.put(variant, Spectra.effectiveRank(all));
                energy.put(variant, Spectra.energyRank90(all));
                int r = dense ? FULL_SUBSPACE : svd.size();
                amplification.put(variant, Spectra.amplification(deltas.get(variant), w, svd.truncate(r)));
            });
            List<String> labels = new ArrayList<>(svds.keySet());
            double[][] phi = new double[labels.size()][labels.size()];
            for (int i = 0; i < labels.size(); i++) {
                for (int j = 0; j < labels.size(); j++) {
                    phi[i][j] = Spectra.subspaceSimilarity(
                            subspace(variants.get(labels.get(i)), svds), subspace(variants.get(labels.get(j)), svds));
                }
            }
            layers.add(new LayerSpectra(
                    path, w.rows(), w.cols(), Svd.leadingValues(w, DENSE_SPECTRUM), spectra, erank,
                    amplification, labels, phi, energy, variants));
        }
        return layers;
    }

    private static Matrix subspace(Variant variant, Map<String, Svd> svds) {
        Svd s = svds.get(variant.name());
        return variant instanceof FullFineTune ? s.truncate(FULL_SUBSPACE).v() : s.v();
    }

    /**
     * All singular values of a full fine-tune's ΔW and its leading triplets, from one SVD shared by
     * the spectrum, the ranks and the truncation curve.
     */
    public static Svd.Spectrum fullSpectrum(Matrix delta) {
        return Svd.spectrum(delta, DENSE_SPECTRUM);
    }
}
