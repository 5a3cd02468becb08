package dev.lorabench.train;

import dev.lorabench.plan.FullFineTune;
import dev.lorabench.plan.Variant;
import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The truncation curve's model at rank k must be the base with only the LoRA-targeted weights
 * moved by the top-k part of the full fine-tune's ΔW: everything else (here: the biases, which the
 * full fine-tune also trained) stays at the base. The oracle builds that model by hand from the
 * base file and the fine-tuned tensors and evaluates it at every k.
 */
class TruncationCurveFidelityTest {

    @Test
    void everyPointOfTheCurveIsTheBaseWithOnlyTheTargetedWeightsCut() throws Exception {
        Map<String, float[]> tuned = new LinkedHashMap<>();
        ModelSink capture = new ModelSink() {
            @Override
            public void variantTuned(Variant variant, ModelSpec spec, Block model, AdapterSet adapters) {
                if (variant instanceof FullFineTune) {
                    for (Pair<String, Parameter> p : model.getParameters()) {
                        tuned.put(p.getKey(), p.getValue().getArray().toFloatArray());
                    }
                }
            }
        };
        // A full fine-tune only (no LoRA needed for the curve), long enough that the biases move.
        ExperimentPlan plan = SmallRuns.mlp().setRanks(List.of()).setFinetuneClasses(ClassSelection.of(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))).setFinetuneSteps(30).build();
        RecordingListener events = new RecordingListener();
        RunResult run = new ExperimentRunner(SmallRuns.MNIST_SMALL, capture).run(plan, events, new AtomicBoolean());
        assertNotNull(run, () -> "run failed: " + events.last());
        assertNotNull(run.truncation());

        List<Double> expected = new ArrayList<>();
        Engine.getInstance();
        JniUtils.setGradMode(false);
        RunArtifacts artifacts = run.artifacts();
        try (Model model = Model.newInstance("oracle");
                NDManager data = NDManager.newBaseManager();
                TensorSet test = TensorSet.of(data, artifacts.test())) {
            Block block = ModelFactory.build(artifacts.spec());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, artifacts.spec().batchShape(1));
            BaseParameters.load(artifacts.baseParameters(), "base", block, artifacts.spec(), model.getNDManager());

            // Precondition: the full fine-tune moved every bias, so keeping them matters.
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.BIAS) {
                    assertFalse(Arrays.equals(p.getValue().getArray().toFloatArray(), tuned.get(p.getKey())),
                            p.getKey() + " did not move in the full fine-tune");
                }
            }

            Map<String, Parameter> targets = LayerWeights.of(block, plan.adapters().targets().loraTargets());
            Map<String, Matrix> base = new LinkedHashMap<>();
            Map<String, Svd> cuts = new LinkedHashMap<>();
            Map<String, String> names = parameterNames(block);
            targets.forEach((path, p) -> {
                int rows = (int) p.getArray().getShape().get(0);
                float[] w = p.getArray().toFloatArray();
                Matrix b = Matrix.ofFloats(rows, w.length / rows, w);
                base.put(path, b);
                Matrix delta = Matrix.ofFloats(rows, w.length / rows, tuned.get(names.get(p.getId()))).minus(b);
                cuts.put(path, DeltaWLab.fullSpectrum(delta).leading());
            });
            Evaluator evaluator = new Evaluator(new RunContext(e -> { }, new AtomicBoolean(), 0));
            for (int k = 1; k <= run.truncation().k().size(); k++) {
                int rank = k;
                targets.forEach((path, p) -> p.getArray().set(
                        base.get(path).plus(cuts.get(path).reconstruct(rank)).toFloats()));
                expected.add(evaluator.evaluate(block, test, false, run.classNames().size()).accuracy());
            }
        }
        assertEquals(expected, run.truncation().metric());
    }

    /** Parameter id → name in the block's parameter list (the names the sink saw). */
    private static Map<String, String> parameterNames(Block block) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getValue().getId(), p.getKey());
        }
        return out;
    }
}
