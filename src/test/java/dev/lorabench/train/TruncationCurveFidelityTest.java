package dev.lorabench.train;

import dev.lorabench.plan.FullFineTune;
import dev.lorabench.plan.Variant;
import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.lorabench.analysis.DeltaWLab;
import dev.lorabench.analysis.IntegrityCertificate;
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
@org.junit.jupiter.api.Tag("slow") // the default build skips it; ./mvnw -Pslow verify runs it
class TruncationCurveFidelityTest {

    /**
     * The default subset (2,000 rows) is larger than this 200-row test set: the curve is on the
     * whole set, and its full-fine-tune point is the variant's own accuracy.
     */
    @Test
    void everyPointOfTheCurveIsTheBaseWithOnlyTheTargetedWeightsCut() throws Exception {
        Tuned t = fullFineTune(AnalysisRows.SUBSET_ROWS, List.of());
        int[] all = new int[t.run.artifacts().test().count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        assertEquals(200, t.run.truncation().rows());
        assertEquals(200, t.run.truncation().testRows());
        assertFalse(t.run.truncation().onSubset());
        double fullAccuracy = t.run.variants().stream().filter(v -> v.spec() instanceof FullFineTune)
                .findFirst().orElseThrow().evaluation().accuracy();
        assertEquals(fullAccuracy, t.run.truncation().fullMetric());
        assertEquals(oracleCurve(t, all), t.run.truncation().metric());
    }

    /**
     * On a 100-row subset of the 200 test rows the curve must be the same construction evaluated
     * on the class-stratified half: per class ⌊n_c/2⌋ rows, and one more in the lower-numbered half
     * of the classes with an odd count (largest remainder: every remainder is one half, ties to the
     * lower class), each the middle row of an equal run of that class's rows. The rows are chosen
     * here from the labels by hand. A LoRA variant beside the full fine-tune has its merge check on
     * the same rows.
     */
    @Test
    void onASubsetTheCurveIsTheSameCutOnTheStratifiedRows() throws Exception {
        Tuned t = fullFineTune(100, List.of(1));
        int[] labels = t.run.artifacts().test().labels();
        assertEquals(200, labels.length);
        int[] count = new int[10];
        for (int label : labels) {
            count[label]++;
        }
        int[] quota = new int[10];
        int odd = 0;
        for (int c = 0; c < 10; c++) {
            quota[c] = count[c] / 2;
            odd += count[c] % 2;
        }
        for (int c = 0, extra = odd / 2; c < 10 && extra > 0; c++) {
            if (count[c] % 2 == 1) {
                quota[c]++;
                extra--;
            }
        }
        // Class c's rows in test-set order; its q picks are the middle rows of q equal runs of them.
        List<Integer> chosen = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            List<Integer> ofClass = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    ofClass.add(i);
                }
            }
            double run = (double) ofClass.size() / quota[c];
            for (int j = 0; j < quota[c]; j++) {
                chosen.add(ofClass.get((int) Math.floor((j + 0.5) * run + 1e-9)));
            }
        }
        int[] rows = chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
        assertEquals(100, rows.length);

        assertEquals(100, t.run.truncation().rows());
        assertEquals(200, t.run.truncation().testRows());
        assertTrue(t.run.truncation().onSubset());
        List<Double> expected = oracleCurve(t, rows);
        assertEquals(expected, t.run.truncation().metric());
        assertEquals(t.fullOnRows(rows), t.run.truncation().fullMetric());
        for (double accuracy : t.run.truncation().metric()) {
            assertEquals(Math.rint(accuracy * 100), accuracy * 100, 1e-9, "an accuracy on 100 rows is a count / 100");
        }
        // The LoRA variant's merge check ran on the same rows: merging changes its outputs by float error only.
        IntegrityCertificate merge = t.run.variants().get(0).integrity();
        assertTrue(merge.mergedMaxOutputDelta() >= 0 && merge.mergedMaxOutputDelta() < 1e-4,
                "merged vs unmerged " + merge.mergedMaxOutputDelta());
        assertTrue(merge.unmergeRestoresBase());
    }

    /** A run and the fully fine-tuned tensors by name. */
    private record Tuned(ExperimentPlan plan, RunResult run, Map<String, float[]> tensors) {

        /** Accuracy of the fully fine-tuned model (every tensor as tuned) on the given test rows. */
        double fullOnRows(int[] rows) {
            try (Model model = Model.newInstance("tuned");
                    NDManager data = NDManager.newBaseManager();
                    TensorSet test = TensorSet.of(data, run.artifacts().test().select(rows))) {
                Block block = newBlock(model, run.artifacts());
                for (Pair<String, Parameter> p : block.getParameters()) {
                    p.getValue().getArray().set(tensors.get(p.getKey()));
                }
                return evaluator().evaluate(block, test, false, run.classNames().size()).accuracy();
            }
        }
    }

    private static Tuned fullFineTune(int analysisRows, List<Integer> ranks) throws Exception {
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
        ExperimentPlan plan = SmallRuns.mlp().setRanks(ranks).setFinetuneClasses(ClassSelection.of(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))).setFinetuneSteps(30).build();
        RecordingListener events = new RecordingListener();
        RunResult run = new ExperimentRunner(SmallRuns.MNIST_SMALL, capture)
                .run(plan, events, new AtomicBoolean(), BaseCache.off(), analysisRows);
        assertNotNull(run, () -> "run failed: " + events.last());
        assertNotNull(run.truncation());
        Engine.getInstance();
        JniUtils.setGradMode(false);
        return new Tuned(plan, run, tuned);
    }

    /** The curve built by hand from the base file and the fine-tuned tensors, on the given test rows. */
    private static List<Double> oracleCurve(Tuned t, int[] testRows) throws Exception {
        List<Double> expected = new ArrayList<>();
        RunArtifacts artifacts = t.run.artifacts();
        try (Model model = Model.newInstance("oracle");
                NDManager data = NDManager.newBaseManager();
                TensorSet test = TensorSet.of(data, artifacts.test().select(testRows))) {
            Block block = newBlock(model, artifacts);
            BaseParameters.load(artifacts.baseParameters(), "base", block, artifacts.spec(), model.getNDManager());

            // Precondition: the full fine-tune moved every bias, so keeping them matters.
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.BIAS) {
                    assertFalse(Arrays.equals(p.getValue().getArray().toFloatArray(), t.tensors.get(p.getKey())),
                            p.getKey() + " did not move in the full fine-tune");
                }
            }

            Map<String, Parameter> targets = LayerWeights.of(block, t.plan.adapters().targets().loraTargets());
            Map<String, Matrix> base = new LinkedHashMap<>();
            Map<String, Svd> cuts = new LinkedHashMap<>();
            Map<String, String> names = parameterNames(block);
            targets.forEach((path, p) -> {
                int rows = (int) p.getArray().getShape().get(0);
                float[] w = p.getArray().toFloatArray();
                Matrix b = Matrix.ofFloats(rows, w.length / rows, w);
                base.put(path, b);
                Matrix delta = Matrix.ofFloats(rows, w.length / rows, t.tensors.get(names.get(p.getId()))).minus(b);
                cuts.put(path, DeltaWLab.fullSpectrum(delta).leading());
            });
            Evaluator evaluator = evaluator();
            for (int k = 1; k <= t.run.truncation().k().size(); k++) {
                int rank = k;
                targets.forEach((path, p) -> p.getArray().set(
                        base.get(path).plus(cuts.get(path).reconstruct(rank)).toFloats()));
                expected.add(evaluator.evaluate(block, test, false, t.run.classNames().size()).accuracy());
            }
        }
        return expected;
    }

    private static Evaluator evaluator() {
        return new Evaluator(new RunContext(e -> { }, new AtomicBoolean(), 0));
    }

    private static Block newBlock(Model model, RunArtifacts artifacts) {
        Block block = ModelFactory.build(artifacts.spec());
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, artifacts.spec().batchShape(1));
        return block;
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
