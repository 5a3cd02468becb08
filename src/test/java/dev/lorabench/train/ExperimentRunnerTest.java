package dev.lorabench.train;

import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Presets;
import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.TruncationCurve;
import dev.lorabench.model.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of the training service on real MNIST rows. */
class ExperimentRunnerTest {

    private final ExperimentRunner runner = new ExperimentRunner(SmallRuns.MNIST_SMALL);

    @Test
    void mlpSweepReportsEveryVariantWithExactCountsAndAnUntouchedBase() throws Exception {
        RecordingListener events = new RecordingListener();
        // alpha 4: the scales alpha/r (4 and 2) differ from alpha and from 1.
        RunResult run = runner.run(SmallRuns.mlp().setAlpha(4f).build(), events, new AtomicBoolean());

        assertNotNull(run, () -> "run failed: " + events.last());
        assertInstanceOf(TrainingEvent.RunStarted.class, events.events.get(1));
        assertInstanceOf(TrainingEvent.RunFinished.class, events.last());
        assertEquals(2_807_010, run.base().parameters());
        assertEquals(200, run.base().evaluation().samples());
        assertEquals(200, run.base().evaluation().classCounts().stream().mapToInt(Integer::intValue).sum());
        assertEquals(List.of(run.base().evaluation().worstClass()), run.targetClasses());
        // 600 rows at batch 32 for one epoch.
        assertEquals(19, run.base().losses().size());

        assertEquals(List.of("lora-r1", "lora-r2", "full"), run.variants().stream().map(v -> v.spec().name()).toList());
        for (VariantResult v : run.variants()) {
            assertEquals(5, v.losses().size(), v.spec().name());
            assertTrue(v.losses().stream().allMatch(p -> Double.isFinite(p.loss())));
            if (v.spec() instanceof LoraVariant lora) {
                assertEquals(6_794L * lora.rank(), v.trainableParameters());
                assertEquals(List.of("0", "2", "4"), v.layerParameters().keySet().stream().sorted().toList());
                assertTrue(v.baseUnchanged(), "LoRA must leave the base bit-identical");
                assertEquals(run.base().sha256(), v.baseSha256After());
            } else {
                assertEquals(2_807_010, v.trainableParameters());
                assertFalse(v.baseUnchanged(), "the full fine-tune changes the base weights");
            }
        }
        VariantResult full = run.variants().get(2);
        assertTrue(full.integrity().changedTensors() > 0);
        assertTrue(full.integrity().maxAbsDelta() > 0);
        // The ΔW lab covers the three adapted layers; its numbers agree with closed forms computed
        // here from the trained factors alone (no SVD): see labAgreesWithTheTrainedFactors.
        assertEquals(List.of("0", "2", "4"), run.spectra().stream().map(l -> l.path()).toList());
        labAgreesWithTheTrainedFactors(run, 4f);
        // The truncation curve: k = 1..16, each an accuracy that is a count of the 200 test rows,
        // and its reference is the full fine-tune's own accuracy.
        TruncationCurve cut = run.truncation();
        assertEquals(IntStream.rangeClosed(1, 16).boxed().toList(), cut.k());
        assertEquals("accuracy", cut.metricName());
        assertEquals(full.evaluation().accuracy(), cut.fullMetric(), 0);
        for (double a : cut.metric()) {
            assertTrue(a >= 0 && a <= 1, "accuracy " + a);
            assertEquals(Math.rint(a * 200), a * 200, 1e-9, "not a count of 200 rows: " + a);
        }
        List<TrainingEvent.StepLoss> steps = events.of(TrainingEvent.StepLoss.class);
        assertEquals(19 + 3 * 5, steps.size());
        TrainingEvent.Progress lastProgress = events.of(TrainingEvent.Progress.class).get(steps.size() - 1);
        assertEquals(lastProgress.totalSteps(), lastProgress.doneSteps());
    }

    @Test
    void resnetKeepsBatchNormStatisticsFixedUnderLora() throws Exception {
        ExperimentPlan plan = SmallRuns.mlp()
                .setModel(Architecture.RESNET)
                .setTargets("all")
                .setTrainLimit(256)
                .setTestLimit(100)
                .setFinetuneClasses(ClassSelection.of(List.of(3, 6, 8)))
                .setRanks(List.of(1))
                .setFull(false)
                .build();
        RecordingListener events = new RecordingListener();
        RunResult run = runner.run(plan, events, new AtomicBoolean());
        assertNotNull(run, () -> "run failed: " + events.last());
        VariantResult r1 = run.variants().get(0);
        assertTrue(r1.baseUnchanged(), "running mean/variance must not drift");
        assertTrue(r1.integrity().baseUnchanged());
        assertTrue(r1.integrity().tensors().stream()
                .anyMatch(t -> t.kind().equals("running_mean") && t.unchanged() && t.maxAbsDelta() == 0));
        assertTrue(r1.integrity().mergedMaxOutputDelta() < 1e-4, "merged vs unmerged " + r1.integrity().mergedMaxOutputDelta());
        assertTrue(r1.integrity().unmergeRestoresBase());
        assertTrue(r1.layerParameters().containsKey("conv1"));
        assertTrue(r1.layerParameters().containsKey("fc"));
        assertEquals(List.of(3, 6, 8), run.targetClasses());
    }

    @Test
    void toyRegressionShowsRankTwoSufficesWhereRankOneCannot() throws Exception {
        ExperimentPlan plan = Presets.get("toy-regression").setBaseEpochs(20).setFinetuneEpochs(60).build();
        RunResult run = runner.run(plan, e -> { }, new AtomicBoolean());
        assertNotNull(run);
        double r1 = run.variants().get(0).evaluation().mse();
        double r2 = run.variants().get(1).evaluation().mse();
        double full = run.variants().get(4).evaluation().mse();
        assertTrue(run.base().evaluation().mse() > r1, "fine-tuning must help");
        // The shift has rank 2: rank 1 cannot represent it, rank 2 can.
        assertTrue(r1 > 10 * r2, "r1 " + r1 + " vs r2 " + r2);
        assertTrue(full < r1, "full " + full + " vs r1 " + r1);
        assertEquals(15, run.variants().get(0).trainableParameters());
        // ΔW of the 5×10 layer has rank at most 5, so its top-5 truncation is the whole weight
        // update. The curve keeps the base's bias (as LoRA does), so this is not the full
        // fine-tune, whose bias moved too; TruncationSweepTest and TruncationCurveFidelityTest
        // check the construction exactly. Here: the toy's bias shift is small, so the whole weight
        // update scores within 10 % of the full fine-tune, far better than one direction.
        TruncationCurve cut = run.truncation();
        assertEquals(List.of(1, 2, 3, 4, 5), cut.k());
        assertEquals("mse", cut.metricName());
        assertEquals(full, cut.fullMetric(), 0);
        double atRank = cut.metric().get(4);
        assertEquals(full, atRank, 0.1 * full, "truncation at k = rank(ΔW) vs the full fine-tune");
        assertTrue(cut.metric().get(0) > atRank, "one direction of a rank-2 shift cannot match the full update");
        assertFalse(run.variants().get(0).evaluation().predictions().isEmpty());
    }

    @Test
    void aDivergingVariantIsMarkedAndTheSweepGoesOn(@TempDir Path tmp) throws Exception {
        // A sane base first, saved as a file; then fine-tunes at an absurd learning rate.
        RunResult first = runner.run(Presets.get("toy-regression").setBaseEpochs(5).setFinetuneEpochs(1)
                .setRanks(List.of(1)).setFull(false).build(), e -> { }, new AtomicBoolean());
        Path base = tmp.resolve("base.params");
        Files.write(base, first.artifacts().baseParameters());

        ExperimentPlan plan = Presets.get("toy-regression").optBaseFile(base).setBaseEpochs(0)
                .setFinetuneEpochs(20).setRanks(List.of(1, 2)).setLr(1e20f).setFull(true).build();
        RecordingListener events = new RecordingListener();
        RunResult run = runner.run(plan, events, new AtomicBoolean());
        assertNotNull(run, () -> "run failed: " + events.last());
        assertEquals(3, run.variants().size(), "every variant still runs");
        for (VariantResult v : run.variants()) {
            assertTrue(v.diverged(), v.spec().name());
            assertEquals("diverged at step " + v.divergedAtStep(), v.status());
            assertEquals(v.divergedAtStep() - 1, v.losses().size());
            assertTrue(v.losses().stream().allMatch(p -> Double.isFinite(p.loss())));
        }
        assertEquals(3, events.of(TrainingEvent.VariantDiverged.class).size());
        assertInstanceOf(TrainingEvent.RunFinished.class, events.last());
    }

    @Test
    void aRankTooLargeForTheModelFailsBeforeTraining() throws Exception {
        RecordingListener events = new RecordingListener();
        RunFailure.Usage thrown = assertThrows(RunFailure.Usage.class,
                () -> runner.run(SmallRuns.mlp().setRanks(List.of(1001)).build(), events, new AtomicBoolean()));
        assertEquals("rank must be in 1..1000 for the mlp model's targeted layers but was 1001", thrown.getMessage());
        TrainingEvent.RunFailed failed = assertInstanceOf(TrainingEvent.RunFailed.class, events.last());
        assertEquals("rank must be in 1..1000 for the mlp model's targeted layers but was 1001", failed.message());
        assertEquals(TrainingEvent.FailureKind.USAGE, failed.cause());
        assertTrue(events.of(TrainingEvent.StepLoss.class).isEmpty());
    }

    @Test
    void aClassOutsideTheDatasetIsRefused() throws Exception {
        RecordingListener events = new RecordingListener();
        assertThrows(RunFailure.Usage.class, () -> runner.run(
                SmallRuns.mlp().setFinetuneClasses(ClassSelection.of(List.of(10))).build(), events, new AtomicBoolean()));
        TrainingEvent.RunFailed failed = assertInstanceOf(TrainingEvent.RunFailed.class, events.last());
        assertEquals("fine-tune class must be in 0..9 but was 10", failed.message());
    }

    /**
     * Checks the ΔW lab against the trained adapters (A: r × in, B: out × r) without an SVD. The
     * non-zero singular values of ΔW = s·B·A are s·√λ with λ the eigenvalues of (BᵀB)(AAᵀ), in
     * closed form for r ≤ 2; φ(r1, r2) = ‖U1ᵀU2‖²_F / min(1, 2) (LoRA paper §7) is the squared
     * length of a1/‖a1‖ projected on the row space of A2 (its right singular vectors span it),
     * which Gram–Schmidt on A2's two rows gives. Both paths work in double on the same factors;
     * they agreed to about 12 digits, hence the 1e-8 relative tolerances.
     */
    private static void labAgreesWithTheTrainedFactors(RunResult run, float alpha) {
        Map<String, Map<String, LoraFactors>> adapters = run.artifacts().adapters();
        assertEquals(java.util.Set.of("lora-r1", "lora-r2"), adapters.keySet());
        for (LayerSpectra layer : run.spectra()) {
            String path = layer.path();
            LoraFactors f1 = adapters.get("lora-r1").get(path);
            LoraFactors f2 = adapters.get("lora-r2").get(path);
            assertEquals(alpha / 1, f1.scale(), 1e-6, "scale alpha/r, r = 1");
            assertEquals(alpha / 2, f2.scale(), 1e-6, "scale alpha/r, r = 2");
            assertEquals(layer.cols(), f1.a().cols(), path);
            assertEquals(layer.rows(), f1.b().rows(), path);

            // Rank 1: σ = s·‖b‖·‖a‖.
            double[] a1 = row(f1.a(), 0);
            double sigma1 = f1.scale() * norm(column(f1.b(), 0)) * norm(a1);
            double[] lab1 = layer.deltaSpectra().get("lora-r1");
            assertEquals(1, lab1.length, path);
            assertEquals(sigma1, lab1[0], 1e-8 * sigma1, path + " lora-r1 σ");

            // Rank 2: eigenvalues of the 2×2 product M = (BᵀB)(AAᵀ).
            double[][] gb = gram(column(f2.b(), 0), column(f2.b(), 1));
            double[][] ga = gram(row(f2.a(), 0), row(f2.a(), 1));
            double m00 = gb[0][0] * ga[0][0] + gb[0][1] * ga[1][0];
            double m01 = gb[0][0] * ga[0][1] + gb[0][1] * ga[1][1];
            double m10 = gb[1][0] * ga[0][0] + gb[1][1] * ga[1][0];
            double m11 = gb[1][0] * ga[0][1] + gb[1][1] * ga[1][1];
            double tr = m00 + m11;
            double det = m00 * m11 - m01 * m10;
            double big = (tr + Math.sqrt(Math.max(0, tr * tr - 4 * det))) / 2;
            double[] sigma2 = {f2.scale() * Math.sqrt(big), f2.scale() * Math.sqrt(Math.max(0, det / big))};
            double[] lab2 = layer.deltaSpectra().get("lora-r2");
            assertEquals(2, lab2.length, path);
            assertEquals(sigma2[0], lab2[0], 1e-8 * sigma2[0], path + " lora-r2 σ1");
            assertEquals(sigma2[1], lab2[1], 1e-8 * sigma2[0], path + " lora-r2 σ2");
            // Effective rank exp(−Σ p ln p), p = σ/Σσ: 1 for rank 1, strictly between 1 and 2 here.
            double p = sigma2[0] / (sigma2[0] + sigma2[1]);
            double erank = Math.exp(-(p * Math.log(p) + (1 - p) * Math.log(1 - p)));
            assertEquals(1.0, layer.effectiveRank().get("lora-r1"), 1e-12, path);
            assertEquals(erank, layer.effectiveRank().get("lora-r2"), 1e-8, path);

            // φ between the rank-1 and rank-2 input subspaces.
            double[] u = scaled(a1, 1 / norm(a1));
            double[] e1 = row(f2.a(), 0);
            e1 = scaled(e1, 1 / norm(e1));
            double[] e2 = row(f2.a(), 1);
            e2 = minus(e2, scaled(e1, dot(e2, e1)));
            e2 = scaled(e2, 1 / norm(e2));
            double phi = Math.pow(dot(u, e1), 2) + Math.pow(dot(u, e2), 2);
            List<String> labels = layer.similarityLabels();
            assertEquals(List.of("lora-r1", "lora-r2", "full"), labels, path);
            double[][] sim = layer.similarity();
            // Near 0 here (the random A's of two ranks are almost orthogonal in 784 or 1000
            // dimensions), so the tolerance is relative.
            assertTrue(phi > 0 && phi < 1, path + " φ(r1, r2) = " + phi);
            assertEquals(phi, sim[0][1], 1e-8 * phi, path + " φ(r1, r2)");
            assertEquals(sim[0][1], sim[1][0], 1e-9, path + " φ symmetric");
            for (double[] rowOf : sim) {
                for (double v : rowOf) {
                    assertTrue(v >= -1e-9 && v <= 1 + 1e-9, path + " φ outside [0, 1]: " + v);
                }
            }
        }
    }

    private static double[] row(Matrix m, int r) {
        double[] out = new double[m.cols()];
        for (int c = 0; c < out.length; c++) {
            out[c] = m.get(r, c);
        }
        return out;
    }

    private static double[] column(Matrix m, int c) {
        double[] out = new double[m.rows()];
        for (int r = 0; r < out.length; r++) {
            out[r] = m.get(r, c);
        }
        return out;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    private static double[] scaled(double[] x, double s) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * s;
        }
        return out;
    }

    private static double[] minus(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] - y[i];
        }
        return out;
    }

    private static double[][] gram(double[] x, double[] y) {
        return new double[][] {{dot(x, x), dot(x, y)}, {dot(y, x), dot(y, y)}};
    }
}
