package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.data.MnistSmall;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.report.RunJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run over several seeds on the MNIST subset: the run's own seed is the run as it was, each extra
 * seed trains every variant again exactly as a run with that seed would, and run.json carries the
 * seed runs and their summary. That lockstep and sequential agree seed by seed is {@link
 * LockstepTest}'s (on its runs, which have two seeds).
 */
class SeedsRunTest {

    @TempDir
    Path tmp;

    /** Without the ΔW lab, which no test here looks at (its SVDs of W cost ~3.5 s a run). */
    private final ExperimentRunner runner = new ExperimentRunner(SmallRuns.MNIST_SMALL).withoutDeltaWLab();

    /**
     * Ranks 1 and 2, 5 steps each on the MNIST subset, without the full fine-tune: its ΔW analysis
     * would cost most of such a run (~5 s of ~6 s).
     */
    private static ExperimentPlan.Builder loraOnly() {
        return SmallRuns.mlp().setTrainLimit(400).setFinetuneSteps(5).setFull(false);
    }

    @Test
    void threeSeedsGiveThreeReproducibleSeedRunsPerVariant() throws Exception {
        ExperimentPlan plan = loraOnly().setSeed(7).setSeeds(3).build();
        RecordingListener events = new RecordingListener();
        RunResult run = runner.run(plan, events, new AtomicBoolean());
        List<String> names = run.variants().stream().map(v -> v.spec().name()).toList();
        assertEquals(List.of("lora-r1", "lora-r2"), names);
        assertEquals(6, run.seedRuns().size());
        for (int v = 0; v < names.size(); v++) {
            VariantResult own = run.variants().get(v);
            List<SeedRun> seeds = run.seedRuns().subList(3 * v, 3 * v + 3);
            for (int k = 0; k < 3; k++) {
                assertEquals(names.get(v), seeds.get(k).variant());
                assertEquals(k, seeds.get(k).seedIndex());
                assertEquals(7 + k, seeds.get(k).seed(), "seed k is the plan's seed + k");
                assertEquals(5, seeds.get(k).losses().size());
                assertEquals(0, seeds.get(k).divergedAtStep());
            }
            // Seed 0 is the run's own fine-tune, exactly.
            assertEquals(own.losses(), seeds.get(0).losses());
            assertEquals(own.evaluation(), seeds.get(0).evaluation());
            // Another initialisation (LoRA's A) and another batch order (all) give other losses from step 1 on.
            for (int k = 1; k < 3; k++) {
                assertNotEquals(own.losses().get(0).loss(), seeds.get(k).losses().get(0).loss(), names.get(v) + " seed " + k);
            }
            assertNotEquals(seeds.get(1).losses(), seeds.get(2).losses());
        }
        // Every step of every seed is a StepLoss with its seed index, and counts towards progress.
        for (int k = 0; k < 3; k++) {
            int seed = k;
            assertEquals(2 * 5, events.of(TrainingEvent.StepLoss.class).stream()
                    .filter(s -> s.seed() == seed && !s.variant().equals(ExperimentRunner.BASE)).count());
        }
        TrainingEvent.Progress last = events.of(TrainingEvent.Progress.class).get(events.of(TrainingEvent.Progress.class).size() - 1);
        assertEquals(last.totalSteps(), last.doneSteps(), "the run's total counts every seed's steps");
        assertEquals(2, events.of(TrainingEvent.VariantFinished.class).size(), "one result per variant: seed 0's");

        // The same plan gives the same base, the same fine-tunes and the same seed runs.
        RunResult again = runner.run(plan, new RecordingListener(), new AtomicBoolean());
        assertEquals(run.base().losses(), again.base().losses());
        for (int v = 0; v < names.size(); v++) {
            assertEquals(run.variants().get(v).losses(), again.variants().get(v).losses(), names.get(v));
        }
        assertEquals(run.seedRuns(), again.seedRuns(), "the same plan gives the same seed runs");

        // The oracle for an extra seed is an ordinary run: seed index 1 of this run (seed 7) must be
        // the own fine-tune of a run with seed 8 on the same base (loaded from this run's
        // base.params), since seed k stands in for the plan's seed in the initialisation and the
        // batch order and nowhere else.
        Path base = tmp.resolve("base.params");
        Files.write(base, run.artifacts().baseParameters());
        RunResult eight = runner.run(loraOnly().setSeed(8).optBaseFile(base).setBaseEpochs(0).build(),
                new RecordingListener(), new AtomicBoolean());
        assertEquals(run.base().sha256(), eight.base().sha256());
        assertEquals(run.targetClasses(), eight.targetClasses());
        for (int v = 0; v < eight.variants().size(); v++) {
            VariantResult expected = eight.variants().get(v);
            SeedRun seed1 = run.seedRuns().get(3 * v + 1);
            assertEquals(expected.spec().name(), seed1.variant());
            assertEquals(expected.losses(), seed1.losses(), seed1.variant());
            assertEquals(expected.evaluation().confusion(), seed1.evaluation().confusion(), seed1.variant());
            assertEquals(expected.evaluation().accuracy(), seed1.evaluation().accuracy(), seed1.variant());
        }

        JsonObject json = JsonParser.parseString(RunJson.toJson(run)).getAsJsonObject();
        assertEquals(3, json.getAsJsonObject("config").get("seeds").getAsInt());
        JsonObject r1 = json.getAsJsonArray("variants").get(0).getAsJsonObject();
        JsonArray seedRuns = r1.getAsJsonArray("seedRuns");
        assertEquals(3, seedRuns.size());
        double[] accuracy = new double[3];
        for (int k = 0; k < 3; k++) {
            JsonObject s = seedRuns.get(k).getAsJsonObject();
            SeedRun expected = run.seedRuns().get(k);
            assertEquals(k, s.get("seedIndex").getAsInt());
            assertEquals(7 + k, s.get("seed").getAsLong());
            assertEquals(0, s.get("divergedAtStep").getAsInt());
            assertEquals(5, s.getAsJsonArray("losses").size());
            assertEquals(expected.losses().get(4).loss(), s.getAsJsonArray("losses").get(4).getAsJsonObject().get("loss").getAsDouble());
            accuracy[k] = s.get("accuracy").getAsDouble();
            int target = run.targetClasses().get(0);
            JsonArray classErrors = s.getAsJsonArray("classErrors");
            int total = 0;
            for (int c = 0; c < 10; c++) {
                total += classErrors.get(c).getAsInt();
            }
            assertEquals(classErrors.get(target).getAsInt(), s.get("targetErrors").getAsInt());
            assertEquals(total - classErrors.get(target).getAsInt(), s.get("otherErrors").getAsInt());
            // 200 test rows: accuracy is the share without an error.
            assertEquals((200 - total) / 200.0, accuracy[k], 1e-12);
        }
        JsonObject summary = r1.getAsJsonObject("seedSummary");
        assertEquals(3, summary.get("seeds").getAsInt());
        assertEquals(3, summary.get("finished").getAsInt());
        assertEquals(0, summary.get("diverged").getAsInt());
        // Hand oracle: mean and sample standard deviation (n − 1) of the three accuracies written above.
        double mean = (accuracy[0] + accuracy[1] + accuracy[2]) / 3;
        double sd = Math.sqrt((Math.pow(accuracy[0] - mean, 2) + Math.pow(accuracy[1] - mean, 2)
                + Math.pow(accuracy[2] - mean, 2)) / 2);
        JsonObject acc = summary.getAsJsonObject("accuracy");
        assertEquals(mean, acc.get("mean").getAsDouble(), 1e-12);
        assertEquals(sd, acc.get("sd").getAsDouble(), 1e-12);
        assertEquals(Math.min(accuracy[0], Math.min(accuracy[1], accuracy[2])), acc.get("min").getAsDouble());
        assertEquals(Math.max(accuracy[0], Math.max(accuracy[1], accuracy[2])), acc.get("max").getAsDouble());
        assertEquals(10, summary.getAsJsonArray("classErrors").size());
        assertTrue(summary.has("targetErrors") && summary.has("otherErrors"));
    }

    /**
     * One seed: no seed records, and the trajectory probe only reads the models between batches,
     * so the run trains bit for bit as without it (and as without the ΔW lab, which only reads the
     * trained models: the run without the probes has no lab either). The trajectory on a budget of 4 points over the
     * whole 200-row test set: 9 steps give a point every max(1, 9 / 4) = 2 steps, plus the last
     * step. Its first point is the base (B = 0 for LoRA and DoRA, whose magnitude starts at ‖W‖)
     * and its last the fine-tuned model, so the run's own evaluations of both, over the
     * same rows, are the oracles.
     */
    @Test
    void oneSeedKeepsItsNumbersAndSamplesTheTrajectoryFromTheBaseToTheEnd() throws Exception {
        // DoRA steps beside the stack as the full fine-tune would, without its dense ΔW analysis (~5 s a run).
        ExperimentPlan plan = loraOnly().setVariants("lora:1,lora:2,dora:1").setFinetuneSteps(9).build();
        assertEquals(1, plan.finetune().seeds(), "one seed unless asked");
        RunResult run = new ExperimentRunner(SmallRuns.MNIST_SMALL, ModelSink.NONE, FitOptions.defaults(),
                new TrajectorySampler.Budget(4, 1000), DeltaWSampler.Budget.DEFAULT).run(plan, new RecordingListener(), new AtomicBoolean());
        RunResult plain = new ExperimentRunner(SmallRuns.MNIST_SMALL, ModelSink.NONE, FitOptions.defaults(),
                TrajectorySampler.Budget.OFF, DeltaWSampler.Budget.OFF).withoutDeltaWLab()
                .run(plan, new RecordingListener(), new AtomicBoolean());
        assertEquals(3, run.spectra().size(), "the lab analysed the three layers");
        assertTrue(plain.spectra().isEmpty(), "no lab");
        assertTrue(run.seedRuns().isEmpty());
        assertTrue(plain.seedRuns().isEmpty());
        // The ΔW sampler looked too (at its own steps), and changed nothing either.
        assertEquals(3, run.deltaWTimeline().variants().size(), "every variant is a LoRA one");
        assertTrue(plain.deltaWTimeline().isEmpty());
        for (int v = 0; v < plan.variants().size(); v++) {
            VariantResult sampled = run.variants().get(v);
            VariantResult without = plain.variants().get(v);
            String name = sampled.spec().name();
            assertEquals(without.losses(), sampled.losses(), name);
            assertEquals(without.evaluation(), sampled.evaluation(), name);
            assertEquals(without.baseSha256After(), sampled.baseSha256After(), name);
            assertTrue(without.trajectory().isEmpty(), name);

            List<TrajectoryPoint> points = sampled.trajectory();
            assertEquals(List.of(0, 2, 4, 6, 8, 9), steps(points), name);
            points.forEach(p -> assertEquals(200, p.samples(), name));
            assertEquals(run.base().evaluation().classErrors(), points.get(0).classErrors(), name + " at step 0");
            assertEquals(sampled.losses().get(sampled.losses().size() - 1).step(), points.get(points.size() - 1).step(), name);
            assertEquals(sampled.evaluation().classErrors(), points.get(points.size() - 1).classErrors(), name + " at the end");
        }
        JsonObject json = JsonParser.parseString(RunJson.toJson(run)).getAsJsonObject();
        assertEquals(1, json.getAsJsonObject("config").get("seeds").getAsInt());
        JsonObject variant = json.getAsJsonArray("variants").get(0).getAsJsonObject();
        assertTrue(!variant.has("seedRuns") && !variant.has("seedSummary"), "no seed records for one seed");
        JsonArray trajectory = variant.getAsJsonArray("trajectory");
        assertEquals(6, trajectory.size());
        JsonObject second = trajectory.get(1).getAsJsonObject();
        assertEquals(2, second.get("step").getAsInt());
        assertEquals(200, second.get("samples").getAsInt());
        assertEquals(run.variants().get(0).trajectory().get(1).classErrors().get(3),
                second.getAsJsonArray("classErrors").get(3).getAsInt());
    }

    @Test
    void aCancelDuringAnExtraSeedEndsTheRunAsCancelled() {
        AtomicBoolean cancel = new AtomicBoolean();
        RecordingListener events = new RecordingListener();
        TrainingListener listener = event -> {
            events.on(event);
            if (event instanceof TrainingEvent.StepLoss s && s.seed() == 1 && s.step() == 2) {
                cancel.set(true);
            }
        };
        RunFailure failure = assertThrows(RunFailure.class, () -> runner.run(loraOnly().setSeeds(3).build(), listener, cancel));
        assertInstanceOf(RunFailure.Cancelled.class, failure);
        assertInstanceOf(TrainingEvent.RunCancelled.class, events.last());
        assertEquals(0, events.of(TrainingEvent.StepLoss.class).stream().filter(s -> s.seed() == 2).count(),
                "no step of the next seed");
    }

    /**
     * A budget of fewer rows than the test set: the trajectory is counted on the analysis subset's
     * spread rows (AnalysisRowsTest checks the choice). The oracles are the base's and the
     * fine-tuned model's own per-row predictions on the whole test set, counted on those rows.
     */
    @Test
    void aSmallerBudgetSamplesTheSpreadRows() throws Exception {
        ExperimentPlan plan = loraOnly().setRanks(List.of(1)).build();
        RunResult run = new ExperimentRunner(SmallRuns.MNIST_SMALL, ModelSink.NONE, FitOptions.defaults(),
                new TrajectorySampler.Budget(2, 60), DeltaWSampler.Budget.OFF).withoutDeltaWLab()
                .run(plan, new RecordingListener(), new AtomicBoolean());
        int[] labels = MnistSmall.load().test().limit(200).labels();
        int[] rows = AnalysisRows.spreadRows(labels, 10, 60);
        VariantResult lora = run.variants().get(0);
        List<TrajectoryPoint> points = lora.trajectory();
        points.forEach(p -> assertEquals(60, p.samples()));
        assertEquals(errorsOn(rows, labels, run.base().evaluation().predicted()), points.get(0).classErrors(), "the base");
        assertEquals(errorsOn(rows, labels, lora.evaluation().predicted()), points.get(points.size() - 1).classErrors(),
                "the fine-tuned model");
    }

    private static List<Integer> errorsOn(int[] rows, int[] labels, List<Integer> predicted) {
        Integer[] errors = new Integer[10];
        java.util.Arrays.fill(errors, 0);
        for (int r : rows) {
            if (predicted.get(r) != labels[r]) {
                errors[labels[r]]++;
            }
        }
        return List.of(errors);
    }

    private static List<Integer> steps(List<TrajectoryPoint> points) {
        return points.stream().map(TrajectoryPoint::step).toList();
    }
}
