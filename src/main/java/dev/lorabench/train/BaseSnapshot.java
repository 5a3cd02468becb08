package dev.lorabench.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorabench.analysis.IntegrityCertificate;
import dev.lorabench.analysis.TensorCheck;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.model.TensorDigests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of every base tensor taken before a fine-tune (values and SHA-256), to certify
 * afterwards which changed and by how much.
 */
final class BaseSnapshot {

    private final Map<String, Parameter> tensors;
    private final Map<String, float[]> values = new LinkedHashMap<>();
    private final Map<String, String> digests;

    private BaseSnapshot(Map<String, Parameter> tensors) {
        this.tensors = tensors;
        tensors.forEach((name, p) -> values.put(name, p.getArray().toFloatArray()));
        this.digests = TensorDigests.of(tensors).perTensor();
    }

    static BaseSnapshot take(Map<String, Parameter> tensors) {
        return new BaseSnapshot(new LinkedHashMap<>(tensors));
    }

    /** The values taken, by tensor name (shared, not copied: read only). */
    Map<String, float[]> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Digests of the tensors as they are now. */
    Map<String, String> currentDigests() {
        return TensorDigests.of(tensors).perTensor();
    }

    /** Compares the tensors now with the snapshot. */
    IntegrityCertificate certify(double mergedMaxOutputDelta, boolean unmergeRestoresBase) {
        Map<String, String> now = currentDigests();
        List<TensorCheck> checks = new ArrayList<>();
        tensors.forEach((name, p) -> {
            float[] before = values.get(name);
            double maxDelta = 0;
            if (!digests.get(name).equals(now.get(name))) {
                float[] after = p.getArray().toFloatArray();
                for (int i = 0; i < before.length; i++) {
                    maxDelta = Math.max(maxDelta, Math.abs((double) after[i] - before[i]));
                }
            }
            checks.add(new TensorCheck(name, p.getType().name().toLowerCase(java.util.Locale.ROOT),
                    before.length, digests.get(name), now.get(name), maxDelta));
        });
        return new IntegrityCertificate(checks, mergedMaxOutputDelta, unmergeRestoresBase);
    }

    /**
     * Certifies the base after a LoRA fine-tune, then measures merge: the largest logit change on
     * the analysis rows when ΔW is folded into W, and whether unmerging restores W bit for bit.
     *
     * @param unmerged the model's outputs on the whole test set as it stands (unmerged), from the
     *     variant's own evaluation: the same weights, so they are not computed again
     */
    IntegrityCertificate certifyMerge(AdapterSet adapters, Block block, AnalysisRows rows, Evaluator evaluator,
            float[] unmergedOnTest) {
        IntegrityCertificate trained = certify(Double.NaN, false);
        Map<String, String> digests = currentDigests();
        float[] unmerged = rows.pick(unmergedOnTest);
        adapters.mergeAll();
        float[] merged = evaluator.outputs(block, rows.tensors());
        adapters.unmergeAll();
        double maxDelta = 0;
        for (int i = 0; i < merged.length; i++) {
            maxDelta = Math.max(maxDelta, Math.abs((double) merged[i] - unmerged[i]));
        }
        boolean restored = digests.equals(currentDigests());
        return new IntegrityCertificate(trained.tensors(), maxDelta, restored);
    }
}
