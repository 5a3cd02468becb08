package dev.lorabench.train;

import ai.djl.nn.Parameter;
import dev.lorabench.analysis.DeltaWLab;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.Svd;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers, as plain matrices, what the ΔW lab needs from a sweep: the base weights of the adapted
 * layers, each LoRA variant's factors and the full fine-tune's updates.
 */
final class LabCollector {

    private final Map<String, Matrix> baseWeights = new LinkedHashMap<>();
    private final Map<LoraVariant, Map<String, LoraFactors>> lora = new TreeMap<>(Variant.ORDER);
    private final Map<String, Matrix> fullDelta = new LinkedHashMap<>();
    private final Map<String, Svd> fullSvds = new LinkedHashMap<>();
    private final Map<String, double[]> fullSpectra = new LinkedHashMap<>();

    /** Records W of each target layer (once; every variant starts from the same base). */
    void baseWeights(Map<String, Parameter> weights) {
        if (baseWeights.isEmpty()) {
            weights.forEach((path, p) -> baseWeights.put(path, matrix(p)));
        }
    }

    void lora(LoraVariant variant, AdapterSet adapters) {
        Map<String, LoraFactors> layers = new LinkedHashMap<>();
        for (AdaptedLayer layer : adapters.layers()) {
            layers.put(layer.path(), new LoraFactors(
                    matrix(layer.layer().loraA()), matrix(layer.layer().loraB()), layer.layer().config().scale()));
        }
        lora.put(variant, layers);
    }

    /** Records ΔW = W_ft − W for each target layer of the full fine-tune. */
    void full(Map<String, Parameter> weightsAfter) {
        weightsAfter.forEach((path, p) -> {
            Matrix delta = matrix(p).minus(baseWeights.get(path));
            fullDelta.put(path, delta);
            Svd.Spectrum spectrum = DeltaWLab.fullSpectrum(delta);
            fullSvds.put(path, spectrum.leading());
            fullSpectra.put(path, spectrum.all());
        });
    }

    /** The leading SVD of each full-fine-tune ΔW (shared by the spectra and the truncation curve). */
    Map<String, Svd> fullSvds() {
        return fullSvds;
    }

    Map<String, Matrix> baseWeights() {
        return baseWeights;
    }

    Map<String, Matrix> fullDelta() {
        return fullDelta;
    }

    Map<LoraVariant, Map<String, LoraFactors>> loraFactors() {
        return lora;
    }

    List<LayerSpectra> analyse() {
        return DeltaWLab.analyse(baseWeights, lora, fullDelta, fullSvds, fullSpectra);
    }

    /** A weight as out × (everything else): conv kernels flatten to out × in·kh·kw. */
    static Matrix matrix(Parameter p) {
        long[] shape = p.getArray().getShape().getShape();
        int rows = (int) shape[0];
        float[] values = p.getArray().toFloatArray();
        return Matrix.ofFloats(rows, values.length / rows, values);
    }
}
