package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.model.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of the training service on real MNIST rows. */
class ExperimentRunnerTest {

    private final ExperimentRunner runner = new ExperimentRunner(SmallRuns.MNIST_SMALL);

    @Test
    void mlpSweepReportsEveryVariantWithExactCountsAndAnUntouchedBase() {
        RecordingListener events = new RecordingListener();
        RunResult run = runner.run(SmallRuns.mlp().build(), events, new AtomicBoolean());

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
            if (v.spec().isLora()) {
                assertEquals(6_794L * v.spec().rank(), v.trainableParameters());
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
        // The ΔW lab covers the three adapted layers; a rank-r update has r singular values.
        assertEquals(List.of("0", "2", "4"), run.spectra().stream().map(l -> l.path()).toList());
        assertEquals(2, run.spectra().get(1).deltaSpectra().get("lora-r2").length);
        assertEquals(1.0, run.spectra().get(1).effectiveRank().get("lora-r1"), 1e-9);
        assertEquals(1.0, run.spectra().get(0).similarity()[0][0], 1e-9);
        assertEquals(16, run.truncation().k().size());
        List<TrainingEvent.StepLoss> steps = events.of(TrainingEvent.StepLoss.class);
        assertEquals(19 + 3 * 5, steps.size());
        TrainingEvent.Progress lastProgress = events.of(TrainingEvent.Progress.class).get(steps.size() - 1);
        assertEquals(lastProgress.totalSteps(), lastProgress.doneSteps());
    }

    @Test
    void theSameSeedGivesTheSameLosses() {
        ExperimentPlan plan = SmallRuns.mlp().setRanks(List.of(2)).setFull(false).setTrainLimit(300).build();
        RunResult a = runner.run(plan, e -> { }, new AtomicBoolean());
        RunResult b = runner.run(plan, e -> { }, new AtomicBoolean());
        assertEquals(a.base().losses(), b.base().losses());
        assertEquals(a.variants().get(0).losses(), b.variants().get(0).losses());
    }

    @Test
    void resnetKeepsBatchNormStatisticsFixedUnderLora() {
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
    void toyRegressionShowsRankTwoSufficesWhereRankOneCannot() {
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
        assertFalse(run.variants().get(0).evaluation().predictions().isEmpty());
    }

    @Test
    void aDivergingVariantIsMarkedAndTheSweepGoesOn(@TempDir Path tmp) throws Exception {
        // A sane base first, saved as a file; then fine-tunes at an absurd learning rate.
        RecordingListener first = new RecordingListener();
        runner.run(Presets.get("toy-regression").setBaseEpochs(5).setFinetuneEpochs(1).setRanks(List.of(1))
                .setFull(false).build(), first, new AtomicBoolean());
        Path base = tmp.resolve("base.params");
        Files.write(base, first.of(TrainingEvent.BaseReady.class).get(0).parameters());

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
    void aRankTooLargeForTheModelFailsBeforeTraining() {
        RecordingListener events = new RecordingListener();
        RunResult run = runner.run(SmallRuns.mlp().setRanks(List.of(11)).build(), events, new AtomicBoolean());
        assertNull(run);
        TrainingEvent.RunFailed failed = assertInstanceOf(TrainingEvent.RunFailed.class, events.last());
        assertEquals("rank must be in 1..10 for the mlp model's targeted layers but was 11", failed.message());
        assertEquals(TrainingEvent.FailureKind.USAGE, failed.cause());
        assertTrue(events.of(TrainingEvent.StepLoss.class).isEmpty());
    }

    @Test
    void aClassOutsideTheDatasetIsRefused() {
        RecordingListener events = new RecordingListener();
        runner.run(SmallRuns.mlp().setFinetuneClasses(ClassSelection.of(List.of(10))).build(), events, new AtomicBoolean());
        TrainingEvent.RunFailed failed = assertInstanceOf(TrainingEvent.RunFailed.class, events.last());
        assertEquals("fine-tune class must be in 0..9 but was 10", failed.message());
    }
}
