package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.interop.PeftAdapters;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.PlanField;
import dev.lorabench.plan.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-layer ranks and α (PEFT's rank_pattern / alpha_pattern) through a whole run on the MNIST
 * subset: the MLP's layers are 0 (784→1000), 2 (1000→2000) and 4 (2000→10); {@code 0=4} with
 * rank 1 gives layer 0 rank 4 and the others rank 1.
 */
@org.junit.jupiter.api.Tag("slow") // the default build skips it; ./mvnw -Pslow verify runs it
class LayerPatternRunTest {

    private final ExperimentRunner runner = new ExperimentRunner(SmallRuns.MNIST_SMALL);

    @Test
    void aRankPatternGivesItsLayerItsRankInLockstepAsInSequenceAndInTheExport(@TempDir Path tmp) throws Exception {
        ExperimentPlan.Builder plan = SmallRuns.mlp().setRanks(List.of(1, 2)).setFull(false)
                .setRankPattern("0=4").setAlphaPattern("2=8").setAlpha(2).setTrainLimit(400).setFinetuneSteps(6);
        RunResult seq = run(plan, Schedule.SEQUENTIAL);
        RunResult lock = run(plan, Schedule.LOCKSTEP);
        for (int v = 0; v < 2; v++) {
            for (int i = 0; i < 6; i++) {
                double x = seq.variants().get(v).losses().get(i).loss();
                // Float32 sums in another order (LockstepTest explains the bound).
                assertEquals(x, lock.variants().get(v).losses().get(i).loss(), 1e-5 * Math.max(0.1, Math.abs(x)),
                        "variant " + v + " step " + (i + 1));
            }
            assertTrue(lock.variants().get(v).baseUnchanged());
        }

        VariantResult r1 = lock.variants().get(0);
        assertEquals("lora-r1", r1.spec().name());
        // r·(in + out) by hand: rank 4 in layer 0, the variant's rank 1 elsewhere.
        Map<String, Long> expected = Map.of("0", 4L * (784 + 1000), "2", 1L * (1000 + 2000), "4", 1L * (2000 + 10));
        assertEquals(expected, r1.layerParameters());
        assertEquals(7136 + 3000 + 2010, r1.trainableParameters());
        Map<String, LoraFactors> factors = lock.artifacts().factors().get(lock.artifacts().loraVariant("lora-r1"));
        assertEquals(4, factors.get("0").a().rows());
        assertEquals(784, factors.get("0").a().cols());
        assertEquals(1000, factors.get("0").b().rows());
        assertEquals(4, factors.get("0").b().cols());
        assertEquals(1, factors.get("2").a().rows());
        assertEquals(1, factors.get("4").b().cols());
        // α/r per layer: layer 0 has the plan's α over the pattern's rank, layer 2 the pattern's α.
        assertEquals(2.0 / 4, factors.get("0").scale(), 1e-7);
        assertEquals(8.0 / 1, factors.get("2").scale(), 1e-7);
        assertEquals(2.0 / 1, factors.get("4").scale(), 1e-7);
        assertEquals(2L * (1000 + 2000), lock.variants().get(1).layerParameters().get("2"));

        // The re-built adapters evaluate as in the run, and the export says PEFT's patterns.
        assertEquals(r1.evaluation().accuracy(),
                RunInspector.evaluate(lock.artifacts(), "lora-r1", AdapterMode.ON).accuracy(), 1e-12);
        Path dir = tmp.resolve("lora-r1");
        RunInspector.saveAdapter(lock.artifacts(), "lora-r1", dir);
        JsonObject config = JsonParser.parseString(Files.readString(dir.resolve(PeftAdapters.CONFIG))).getAsJsonObject();
        int r = config.get("r").getAsInt();
        Map<String, Integer> ranks = Map.of("0", 4, "2", 1, "4", 1);
        for (String layer : ranks.keySet()) {
            JsonObject pattern = config.getAsJsonObject("rank_pattern");
            int rank = pattern.has(layer) ? pattern.get(layer).getAsInt() : r;
            assertEquals(ranks.get(layer), rank, "rank of module " + layer + " in " + config);
        }
        assertEquals(8f, config.getAsJsonObject("alpha_pattern").get("2").getAsFloat(), "alpha_pattern in " + config);
        assertEquals(r1.evaluation().accuracy(), RunInspector.evaluateAdapterFolder(lock.artifacts(), dir).accuracy(), 1e-12);
    }

    @Test
    void aPatternNamingNoTargetedLayerOrTooLargeARankIsRefusedBeforeTraining() {
        ModelSpec mlp = ModelSpec.mlpMnist();
        PlanException unknown = assertThrows(PlanException.class,
                () -> RankBounds.check(SmallRuns.mlp().setRankPattern("0=4,features.3=2").build(), mlp));
        assertEquals(PlanField.RANK_PATTERN, unknown.field());
        assertTrue(unknown.getMessage().contains("features.3") && unknown.getMessage().contains("0, 2, 4"), unknown.getMessage());
        assertFalse(unknown.getMessage().contains("\n"));
        PlanException alpha = assertThrows(PlanException.class,
                () -> RankBounds.check(SmallRuns.mlp().setAlphaPattern("1=4").build(), mlp));
        assertEquals(PlanField.ALPHA_PATTERN, alpha.field());
        // Layer 4 (2000→10) holds rank 10 at most, layer 0 (784→1000) rank 784.
        PlanException tooLarge = assertThrows(PlanException.class,
                () -> RankBounds.check(SmallRuns.mlp().setRankPattern("4=11").build(), mlp));
        assertEquals(PlanField.RANK_PATTERN, tooLarge.field());
        assertTrue(tooLarge.getMessage().contains("1..10"), tooLarge.getMessage());
        // A variant's rank is bounded by the largest layer the pattern leaves to it: layer 2
        // (1000→2000) holds 1000; patterned, the largest left is layer 0 (784).
        RankBounds.check(SmallRuns.mlp().setRanks(List.of(1000)).build(), mlp);
        PlanException variant = assertThrows(PlanException.class,
                () -> RankBounds.check(SmallRuns.mlp().setRanks(List.of(1000)).setRankPattern("2=8").build(), mlp));
        assertEquals(PlanField.RANKS, variant.field());
        assertEquals("rank must be in 1..784 for the mlp model's targeted layers but was 1000", variant.getMessage());
    }

    /**
     * A rank above a layer's bound is capped there, as a PEFT rank_pattern entry would be: rank 16
     * (and PiSSA's top-16 SVD) adapts the 10-output head at rank 10, every other layer at 16.
     */
    @Test
    void aRankAboveALayersBoundIsCappedThereAndExportedAsItsRankPattern(@TempDir Path tmp) throws Exception {
        RunResult run = run(SmallRuns.mlp().setVariants("lora:16,pissa:16").setAlpha(4).setTrainLimit(300)
                .setFinetuneSteps(3), Schedule.LOCKSTEP);
        for (VariantResult v : run.variants()) {
            // r·(in + out) by hand, the head at its bound 10.
            Map<String, Long> expected = Map.of("0", 16L * (784 + 1000), "2", 16L * (1000 + 2000), "4", 10L * (2000 + 10));
            assertEquals(expected, v.layerParameters(), v.spec().name());
            assertTrue(v.integrity().baseUnchanged(), v.spec().name());
        }
        Map<String, LoraFactors> factors = run.artifacts().factors().get(run.artifacts().loraVariant("lora-r16"));
        assertEquals(10, factors.get("4").a().rows());
        assertEquals(4.0 / 10, factors.get("4").scale(), 1e-7, "α over the layer's own rank, as PEFT's rank_pattern");
        assertEquals(4.0 / 16, factors.get("0").scale(), 1e-7);
        Path dir = tmp.resolve("lora-r16");
        RunInspector.saveAdapter(run.artifacts(), "lora-r16", dir);
        JsonObject config = JsonParser.parseString(Files.readString(dir.resolve(PeftAdapters.CONFIG))).getAsJsonObject();
        assertEquals(16, config.get("r").getAsInt());
        assertEquals(10, config.getAsJsonObject("rank_pattern").get("4").getAsInt(), config.toString());
        assertEquals(run.variants().get(0).evaluation().accuracy(),
                RunInspector.evaluateAdapterFolder(run.artifacts(), dir).accuracy(), 1e-12);
    }

    private RunResult run(ExperimentPlan.Builder plan, Schedule schedule) throws Exception {
        RecordingListener events = new RecordingListener();
        RunResult result = runner.run(plan.setSchedule(schedule).build(), events, new AtomicBoolean());
        assertNotNull(result, () -> schedule.id() + " failed: " + events.last());
        return result;
    }
}
