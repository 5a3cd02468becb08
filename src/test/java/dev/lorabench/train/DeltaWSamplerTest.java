package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.lora.LoraTargets;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ΔW sampler's spacing and its memory bound, on a tiny adapted model stepped by hand. */
class DeltaWSamplerTest {

    private final List<Model> models = new ArrayList<>();

    @AfterEach
    void close() {
        models.forEach(Model::close);
    }

    /** A 4 → 3 → 2 MLP with rank-1 adapters on both linear layers. */
    private AdapterSet adapters(Model model) {
        model.getBlock().freezeParameters(true);
        return LoraInjector.inject(model.getBlock(), LoraTargets.allLinear(), LoraConfig.of(1, 1f));
    }

    @Test
    void keepsAtMostItsBoundAtEveryStepThinningEvenlyAndKeepingTheEnd() {
        Model model = TinyLanes.mlp("r1", models, 4, 3, 2);
        AdapterSet set = adapters(model);
        LoraVariant variant = Variant.lora(1);
        Lane lane = new Lane(variant.name(), model, null);
        DeltaWSampler sampler = new DeltaWSampler(new DeltaWSampler.Budget(20, 5), 100);
        assertTrue(lane == sampler.watched(lane, variant, set));
        for (int step = 0; step <= 100; step++) {
            if (sampler.due(lane, step, step == 100)) {
                sampler.look(lane, step);
            }
            assertTrue(sampler.samples(variant).size() <= 5, "step " + step + ": " + sampler.samples(variant).size());
        }
        // Every 100/20 = 5 steps; each time a sixth sample arrives the spacing doubles (5, 10, 20,
        // 40) and only samples on it stay, with the newest: worked through by hand, the end is
        // 0, 40, 80 and the last step.
        assertEquals(List.of(0, 40, 80, 100), sampler.samples(variant).stream().map(FactorSample::step).toList());
        // Each sample holds r·(in + out) floats per layer: 1·(4 + 3) + 1·(3 + 2), never the dense ΔW.
        for (FactorSample s : sampler.samples(variant)) {
            assertEquals(12, s.floats());
        }
    }

    @Test
    void samplesEveryKStepsAndTheLastOnceWhenTheBoundLeavesRoom() {
        Model model = TinyLanes.mlp("r1", models, 4, 3, 2);
        AdapterSet set = adapters(model);
        LoraVariant variant = Variant.lora(1);
        Lane lane = new Lane(variant.name(), model, null);
        List<Integer> seen = new ArrayList<>();
        DeltaWSampler sampler = new DeltaWSampler(DeltaWSampler.Budget.DEFAULT, 47);
        sampler.watched(lane, variant, set);
        for (int step = 0; step <= 47; step++) {
            if (sampler.due(lane, step, false)) {
                sampler.look(lane, step);
            }
        }
        assertTrue(sampler.due(lane, 47, true), "the end, off the spacing");
        sampler.look(lane, 47);
        assertFalse(sampler.due(lane, 47, true), "once");
        sampler.samples(variant).forEach(s -> seen.add(s.step()));
        // K = max(1, 47 / 20) = 2: 0, 2, …, 46 (24 samples) and 47.
        List<Integer> expected = new ArrayList<>();
        for (int s = 0; s <= 46; s += 2) {
            expected.add(s);
        }
        expected.add(47);
        assertEquals(expected, seen);
    }

    @Test
    void theFullFineTuneAndAnOffBudgetAreNotSampled() {
        Model model = TinyLanes.mlp("full", models, 4, 3, 2);
        Lane lane = new Lane("full", model, null);
        DeltaWSampler sampler = new DeltaWSampler(DeltaWSampler.Budget.DEFAULT, 10);
        sampler.watched(lane, Variant.full(), null);
        assertFalse(sampler.due(lane, 0, false));
        Model lora = TinyLanes.mlp("r1", models, 4, 3, 2);
        Lane loraLane = new Lane("lora-r1", lora, null);
        DeltaWSampler off = new DeltaWSampler(DeltaWSampler.Budget.OFF, 10);
        off.watched(loraLane, Variant.lora(1), adapters(lora));
        assertFalse(off.due(loraLane, 0, true));
    }

    @Test
    void aBoundBelowThreeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeltaWSampler.Budget(20, 2));
        assertTrue(e.getMessage().contains("maxSamples 0 or ≥ 3"), e.getMessage());
    }
}
