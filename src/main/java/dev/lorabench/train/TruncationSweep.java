package dev.lorabench.train;

import ai.djl.nn.Parameter;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.Svd;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Puts a full fine-tune's model, one rank k at a time, into the state the truncation curve claims
 * to measure: the base, with only the weights LoRA adapts moved by the top-k part of the full
 * fine-tune's ΔW. Every other tensor (biases, BatchNorm parameters and running statistics,
 * untargeted layers) is the base's, as in a LoRA variant; otherwise the curve would credit a rank-k
 * cut with everything else the full fine-tune learned. The fine-tuned values are restored afterwards.
 */
final class TruncationSweep {

    private TruncationSweep() {}

    /**
     * @param tensors every parameter of the model, by name
     * @param baseValues the base's values of those parameters, by name
     * @param targets the adapted layers' weights (a subset of {@code tensors}), by layer path
     * @param baseWeights the targets' base weights as matrices, by layer path
     * @param basis the leading SVD of each target's ΔW, by layer path
     * @param metric evaluates the model as it stands for rank k
     * @return the metric for k = 1…maxK
     */
    static List<Double> measure(
            Map<String, Parameter> tensors,
            Map<String, float[]> baseValues,
            Map<String, Parameter> targets,
            Map<String, Matrix> baseWeights,
            Map<String, Svd> basis,
            int maxK,
            IntToDoubleFunction metric) {
        Map<Parameter, Boolean> targeted = new IdentityHashMap<>();
        targets.values().forEach(p -> targeted.put(p, true));
        Map<String, float[]> tuned = new LinkedHashMap<>();
        tensors.forEach((name, p) -> tuned.put(name, p.getArray().toFloatArray()));
        List<Double> out = new ArrayList<>();
        try {
            tensors.forEach((name, p) -> {
                if (!targeted.containsKey(p)) {
                    TensorWrites.overwrite(p.getArray(), baseValues.get(name));
                }
            });
            Map<String, float[]> cut = new LinkedHashMap<>();
            targets.forEach((path, p) -> cut.put(path, new float[Math.toIntExact(p.getArray().size())]));
            for (int k = 1; k <= maxK; k++) {
                int rank = k;
                targets.forEach((path, p) -> {
                    basis.get(path).addReconstruction(baseWeights.get(path), rank, cut.get(path));
                    TensorWrites.overwrite(p.getArray(), cut.get(path));
                });
                out.add(metric.applyAsDouble(k));
            }
        } finally {
            tensors.forEach((name, p) -> TensorWrites.overwrite(p.getArray(), tuned.get(name)));
        }
        return out;
    }
}
