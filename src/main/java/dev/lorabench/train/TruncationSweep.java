package dev.lorabench.train;

import ai.djl.nn.Parameter;
import dev.lorabench.analysis.DeltaWLab;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.Svd;
import dev.lorabench.analysis.TruncationCurve;
import dev.lorabench.plan.Variant;
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
 *
 * <p>The curve is 17 forward passes; on the {@link AnalysisRows} (2,000 class-stratified test
 * rows) instead of the whole set they cost a fifth as much on MNIST, within a measured error
 * (docs/benchmarks.md, "Cheap analysis").
 */
final class TruncationSweep {

    private TruncationSweep() {}

    /**
     * Accuracy (or MSE) on {@code rows} of the base with each adapted layer's weight at W + (top-k
     * directions of the full fine-tune's ΔW), for k = 1…16, and of the full fine-tune itself on the
     * same rows. Leaves the full fine-tune's weights in place afterwards.
     *
     */
    static TruncationCurve curve(PreparedVariant p, AnalysisRows analysisRows, TaskData data, Evaluator evaluator,
            RunContext context) {
        TensorSet rows = analysisRows.tensors();
        context.emit(new TrainingEvent.PhaseStarted("truncating the full fine-tune's ΔW", Variant.full().name()));
        boolean regression = data.isRegression();
        int classes = data.classNames().size();
        Map<String, Svd> basis = context.lab().fullSvds();
        int maxK = Math.min(DeltaWLab.MAX_TRUNCATION, basis.values().stream().mapToInt(Svd::size).max().orElse(0));
        Evaluation full = evaluator.evaluate(p.block, rows, regression, classes);
        List<Double> metric = measure(
                p.baseTensors, p.snapshot.values(), p.targetWeights, context.lab().baseWeights(), basis, maxK, k -> {
                    context.checkCancelled();
                    Evaluation e = evaluator.evaluate(p.block, rows, regression, classes);
                    return regression ? e.mse() : e.accuracy();
                });
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k <= metric.size(); k++) {
            ks.add(k);
        }
        return new TruncationCurve(ks, metric, regression ? "mse" : "accuracy",
                regression ? full.mse() : full.accuracy(), rows.count(), analysisRows.testRows());
    }

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
