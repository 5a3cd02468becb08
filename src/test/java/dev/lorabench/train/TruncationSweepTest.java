package dev.lorabench.train;

import dev.lorabench.plan.Variant;
import dev.lorabench.plan.ExperimentPlan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.lorabench.analysis.DeltaWLab;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.Svd;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LayerWeights;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A real MLP full fine-tune (its biases move too), swept through rank k: at every k the biases
 * must be the base's bit for bit and each targeted weight exactly base + top-k cut of its ΔW;
 * afterwards every tensor is the fine-tuned one again.
 */
class TruncationSweepTest {

    @Test
    void onlyTheTargetedWeightsLeaveTheBaseAndTheFineTuneIsRestored() throws Exception {
        Map<String, float[]> base = new LinkedHashMap<>();
        Map<String, float[]> tuned = new LinkedHashMap<>();
        ModelSink capture = new ModelSink() {
            @Override
            public void baseReady(ModelSpec spec, Block block) {
                copy(block, base);
            }

            @Override
            public void variantTuned(Variant variant, ModelSpec spec, Block block, AdapterSet adapters) {
                copy(block, tuned);
            }
        };
        ExperimentPlan plan = SmallRuns.mlp().setRanks(List.of()).build();
        RecordingListener events = new RecordingListener();
        // Without the ΔW lab: the sweep is measured here on the captured weights, with its own SVDs;
        // the run's own curve (after an SVD of the 2000×1000 ΔW: ~5 s) is ExperimentRunnerTest's.
        RunResult run = new ExperimentRunner(SmallRuns.MNIST_SMALL, capture).withoutDeltaWLab()
                .run(plan, events, new AtomicBoolean());
        assertNotNull(run, () -> "run failed: " + events.last());

        Engine.getInstance();
        JniUtils.setGradMode(false);
        try (Model model = Model.newInstance("tuned")) {
            ModelSpec spec = run.artifacts().spec();
            Block block = ModelFactory.build(spec);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, spec.batchShape(1));
            Map<String, Parameter> tensors = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                tensors.put(p.getKey(), p.getValue());
                p.getValue().getArray().set(tuned.get(p.getKey()));
            }
            Map<String, String> names = new LinkedHashMap<>();
            tensors.forEach((name, p) -> names.put(p.getId(), name));
            Map<String, Parameter> targets = LayerWeights.of(block, plan.adapters().targets().loraTargets());
            Map<String, Matrix> baseWeights = new LinkedHashMap<>();
            Map<String, Svd> basis = new LinkedHashMap<>();
            targets.forEach((path, p) -> {
                int rows = (int) p.getArray().getShape().get(0);
                String name = names.get(p.getId());
                Matrix w = Matrix.ofFloats(rows, base.get(name).length / rows, base.get(name));
                baseWeights.put(path, w);
                basis.put(path, DeltaWLab.fullSpectrum(Matrix.ofFloats(rows, w.cols(), tuned.get(name)).minus(w)).leading());
            });
            List<String> biases = tensors.keySet().stream()
                    .filter(n -> tensors.get(n).getType() == Parameter.Type.BIAS).toList();
            assertEquals(3, biases.size());
            for (String b : biases) {
                assertFalse(java.util.Arrays.equals(base.get(b), tuned.get(b)), b + " did not move in the full fine-tune");
            }

            List<Integer> seen = new ArrayList<>();
            List<Double> out = TruncationSweep.measure(tensors, base, targets, baseWeights, basis, 4, k -> {
                seen.add(k);
                for (String b : biases) {
                    assertArrayEquals(base.get(b), tensors.get(b).getArray().toFloatArray(), b + " at k=" + k);
                }
                targets.forEach((path, p) -> assertArrayEquals(
                        baseWeights.get(path).plus(basis.get(path).reconstruct(k)).toFloats(),
                        p.getArray().toFloatArray(), "layer " + path + " at k=" + k));
                return 10 + k;
            });
            assertEquals(List.of(1, 2, 3, 4), seen);
            assertEquals(List.of(11.0, 12.0, 13.0, 14.0), out);
            tensors.forEach((name, p) -> assertArrayEquals(tuned.get(name), p.getArray().toFloatArray(), name));
        }
    }

    private static void copy(Block block, Map<String, float[]> into) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            into.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
    }
}
