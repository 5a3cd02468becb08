package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.core.Linear;
import dev.lorabench.model.Seq;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A lane diverges when its loss is not finite or its smoothed loss (EMA, weight 0.1 on the newest
 * step) passes 100× its reference (the first loss; at least ln 2 for cross-entropy). The expected
 * steps below are worked out by hand from that rule.
 */
class DivergenceTest {

    @Test
    void nonFiniteLossesDivergeAtOnce() {
        assertTrue(new DivergenceWatch(false).diverged(Double.NaN));
        assertTrue(new DivergenceWatch(true).diverged(Double.POSITIVE_INFINITY));
        DivergenceWatch watch = new DivergenceWatch(false);
        assertFalse(watch.diverged(2.3));
        assertTrue(watch.diverged(Double.NEGATIVE_INFINITY));
    }

    @Test
    void aFiniteExplosionDivergesAtTheStepTheSmoothedLossPassesTheBound() {
        // Cross-entropy from 2.3: bound 230. Step 2 at 1e5: EMA = 0.9·2.3 + 0.1·1e5 ≈ 10,002 > 230.
        DivergenceWatch ce = new DivergenceWatch(false);
        assertFalse(ce.diverged(2.3));
        assertTrue(ce.diverged(1e5));
        // Squared error from 0.01: bound 1. A constant 2.0 afterwards: EMA_n = 2 − 1.99·0.9^(n−1)
        // passes 1 once 0.9^(n−1) < 1/1.99, i.e. n − 1 ≥ 7: step 8.
        DivergenceWatch mse = new DivergenceWatch(true);
        assertFalse(mse.diverged(0.01));
        for (int step = 2; step <= 7; step++) {
            assertFalse(mse.diverged(2.0), "step " + step);
        }
        assertTrue(mse.diverged(2.0), "step 8");
    }

    @Test
    void aNearlyPerfectStartIsNotCalledDivergedForANoisyBatch() {
        // Cross-entropy from 0.01: the reference is ln 2, the bound 69.3; 50 steps at a loss of 5
        // keep the EMA below 5.
        DivergenceWatch watch = new DivergenceWatch(false);
        assertFalse(watch.diverged(0.01));
        for (int step = 2; step <= 50; step++) {
            assertFalse(watch.diverged(5.0), "step " + step);
        }
        // Squared error: a perfect first step (loss 0) leaves nothing to compare with.
        DivergenceWatch perfect = new DivergenceWatch(true);
        assertFalse(perfect.diverged(0));
        assertFalse(perfect.diverged(1e6));
    }

    @Test
    void anExplodingLaneStopsAloneAndTheOthersGoOn() {
        Engine.getInstance();
        List<Model> models = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                TensorSet train = TensorSet.of(manager, samples(64, 7))) {
            // One model's logits grow ×10 per training step up to 10⁶: its loss explodes but stays
            // finite, so only the explosion rule can stop it.
            AtomicInteger calls = new AtomicInteger();
            Lane exploding = lane("exploding", models, new LambdaBlock(list -> {
                double scale = Math.pow(10, Math.min(6, calls.getAndIncrement()));
                return new NDList(list.singletonOrThrow().mul((float) scale));
            }, "explode"));
            Lane steady = lane("steady", models, null);
            RecordingListener events = new RecordingListener();
            new FitLoop(new RunContext(events, new AtomicBoolean(), 0))
                    .fitAll(List.of(exploding, steady), train, null, new FitRecipe(false, 2, 0, 8, 1e-3f, 3, 0));

            assertTrue(exploding.divergedAt > 1, "diverged at " + exploding.divergedAt);
            assertTrue(Double.isFinite(exploding.divergedLoss), "the loss was finite: " + exploding.divergedLoss);
            assertEquals(exploding.divergedAt - 1, exploding.losses.size(), "no loss recorded after it stopped");
            assertEquals(1, diverged(events, "exploding").size());
            assertEquals(exploding.divergedAt, diverged(events, "exploding").get(0).step());
            assertEquals(16, steady.losses.size(), "the other lane trained both epochs of 8 steps");
            assertEquals(0, steady.divergedAt);
            assertTrue(diverged(events, "steady").isEmpty());
        } finally {
            models.forEach(Model::close);
        }
    }

    private static Lane lane(String name, List<Model> models, LambdaBlock last) {
        Seq block = new Seq().add("0", Linear.builder().setUnits(CLASSES).build());
        if (last != null) {
            block.add("1", last);
        }
        return new Lane(name, TinyLanes.model(name, models, FEATURES, block), null);
    }

    private static List<TrainingEvent.VariantDiverged> diverged(RecordingListener events, String variant) {
        return events.of(TrainingEvent.VariantDiverged.class).stream().filter(d -> d.variant().equals(variant)).toList();
    }

    private static final int FEATURES = 6;
    private static final int CLASSES = 4;

    private static Samples samples(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * FEATURES];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = (float) random.nextGaussian();
            }
            labels[i] = random.nextInt(CLASSES);
        }
        return Samples.classification(x, FEATURES, labels);
    }
}
