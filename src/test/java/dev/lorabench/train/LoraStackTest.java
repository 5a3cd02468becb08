package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.lora.LoraLayer;
import dev.lorabench.lora.LoraTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LoRA lanes trained stacked (one pass of batched products) against the same lanes trained one
 * at a time: same losses, validation losses and adapters, for ranks that differ (the padding of
 * the smaller ranks must change nothing), for cross-entropy and for squared error.
 */
class LoraStackTest {

    private static final int[] RANKS = {1, 2, 4};
    private static final int FEATURES = 20;
    private static final int CLASSES = 5;
    private static final FitRecipe RECIPE = new FitRecipe(false, 1, 0, 16, 1e-3f, 5, 0);

    @ParameterizedTest(name = "regression {0}")
    @ValueSource(booleans = {false, true})
    void stackedLanesTrainExactlyAsSeparateLanesUpToRounding(boolean regression) {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager();
                TensorSet train = TensorSet.of(manager, samples(96, 11, regression));
                TensorSet validation = TensorSet.of(manager, samples(40, 12, regression))) {
            List<Model> stackedModels = new ArrayList<>();
            List<Model> aloneModels = new ArrayList<>();
            try {
                List<Lane> stacked = new ArrayList<>();
                List<Lane> alone = new ArrayList<>();
                for (int rank : RANKS) {
                    stacked.add(lane(rank, stackedModels));
                    alone.add(lane(rank, aloneModels));
                }
                // A fully trained lane beside the stack steps on a second thread meanwhile.
                stacked.add(lane(0, stackedModels));
                alone.add(lane(0, aloneModels));
                int threads = JniUtils.getNumThreads();
                FitLoop fitter = new FitLoop(new RunContext(new RecordingListener(), new AtomicBoolean(), 0));
                fitter.fitAll(stacked, train, validation, new FitRecipe(regression, 2, 0, 16, 1e-2f, 5, 0));
                assertEquals(threads, JniUtils.getNumThreads(), "engine threads restored");
                for (Lane lane : alone) {
                    fitter.fitAll(List.of(lane), train, validation, new FitRecipe(regression, 2, 0, 16, 1e-2f, 5, 0));
                }
                Lane full = stacked.get(RANKS.length);
                assertLossesMatch(alone.get(RANKS.length), full, "full");
                for (int i = 0; i < RANKS.length; i++) {
                    Lane s = stacked.get(i);
                    Lane a = alone.get(i);
                    assertLossesMatch(a, s, "rank " + RANKS[i]);
                    List<LoraLayer> sl = adapters(s);
                    List<LoraLayer> al = adapters(a);
                    assertEquals(3, sl.size());
                    for (int l = 0; l < sl.size(); l++) {
                        assertClose(al.get(l).loraA().getArray().toFloatArray(), sl.get(l).loraA().getArray().toFloatArray());
                        assertClose(al.get(l).loraB().getArray().toFloatArray(), sl.get(l).loraB().getArray().toFloatArray());
                    }
                }
            } finally {
                stackedModels.forEach(Model::close);
                aloneModels.forEach(Model::close);
            }
        }
    }

    @Test
    void aLaneWithATrainableLayerBesideTheAdaptersIsNotStacked() {
        withModels((manager, models) -> {
            Lane lora = lane(2, models);
            Lane full = lane(0, models);
            assertNull(LoraStack.tryCreate(List.of(lora, full), manager, RECIPE, StepTimings.NONE));
            assertNull(LoraStack.tryCreate(List.of(lora), manager, RECIPE, StepTimings.NONE), "one lane alone is not a stack");
            try (LoraStack two = LoraStack.tryCreate(List.of(lora, lane(3, models)), manager, RECIPE, StepTimings.NONE)) {
                assertTrue(two != null && two.lanes().contains(lora));
            }
        });
    }

    /** Runs {@code test} with a manager and a list of models it may add to, all closed after. */
    private static void withModels(java.util.function.BiConsumer<NDManager, List<Model>> test) {
        Engine.getInstance();
        List<Model> models = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            test.accept(manager, models);
        } finally {
            models.forEach(Model::close);
        }
    }

    /**
     * LoRA+ by hand: Adam's first step moves every weight by lr·g/(|g| + ε) (m̂ = g, √v̂ = |g|), so
     * by lr wherever the gradient is well above ε, and LoRA+ moves B by λ·lr. A lane with λ = 16
     * beside one with λ = 1, stacked and alone: A moves by lr in both, B by 16·lr and lr.
     */
    @Test
    void loraPlusMovesBLambdaTimesFasterThanAInTheFirstAdamStep() {
        float lr = 1e-3f;
        FitRecipe recipe = new FitRecipe(false, 1, 0, 16, lr, 5, 0);
        withModels((manager, models) -> {
            try (TensorSet batch = TensorSet.of(manager, samples(16, 11, false))) {
                Lane plus = withRate(lane(2, models), 16f);
                Lane plain = lane(3, models);
                Lane alone = withRate(lane(2, models), 16f);
                List<float[]> before = weights(plus);
                List<float[]> beforePlain = weights(plain);
                List<float[]> beforeAlone = weights(alone);
                try (LoraStack stack = LoraStack.tryCreate(List.of(plus, plain), manager, recipe, StepTimings.NONE);
                        AloneStepper stepper = new AloneStepper(alone, recipe, FitOptions.defaults(), StepTimings.NONE)) {
                    assertTrue(stack != null && stack.lanes().contains(plus), "LoRA+ lanes stack");
                    stack.step(batch.x(), batch.y());
                    stack.sync(plus);
                    stack.sync(plain);
                    stepper.step(batch.x(), batch.y());
                }
                assertMoves(before, weights(plus), lr, 16f * lr, "stacked λ = 16");
                assertMoves(beforePlain, weights(plain), lr, lr, "stacked λ = 1");
                assertMoves(beforeAlone, weights(alone), lr, 16f * lr, "alone λ = 16");
            }
        });
    }

    /** Methods that rescale or replace the base (DoRA, PiSSA, OLoRA) step beside the stack, never in it. */
    @Test
    void onlyMethodsThatAddToTheFrozenBaseStack() {
        withModels((manager, models) -> {
            List<Lane> lanes = new ArrayList<>();
            for (dev.lorabench.plan.LoraMethod method : dev.lorabench.plan.LoraMethod.values()) {
                Lane made = lane(2, models);
                lanes.add(Lane.of(new dev.lorabench.plan.LoraVariant(method, 2, 1f), made.model, made.first));
            }
            try (StepPlan plan = StepPlan.of(lanes, manager, RECIPE, FitOptions.defaults(), StepTimings.NONE)) {
                assertEquals(List.of("lora-r2", "rslora-r2", "loraplus-r2"),
                        plan.near().lanes().stream().map(l -> l.variant).toList());
                assertEquals(List.of("dora-r2", "pissa-r2", "olora-r2"), plan.far().stream()
                        .flatMap(st -> st.lanes().stream()).map(l -> l.variant).toList());
                assertEquals(16f, plan.near().lanes().get(2).bRate);
            }
        });
    }

    private static Lane withRate(Lane lane, float bRate) {
        return new Lane(lane.variant, lane.model, lane.first, bRate);
    }

    /** A then B of every adapted layer. */
    private static List<float[]> weights(Lane lane) {
        List<float[]> list = new ArrayList<>();
        for (LoraLayer l : adapters(lane)) {
            list.add(l.loraA().getArray().toFloatArray());
            list.add(l.loraB().getArray().toFloatArray());
        }
        return list;
    }

    /** Every element moved by 0 (no gradient) or by the step of its matrix, and most did move. */
    private static void assertMoves(List<float[]> before, List<float[]> after, float stepA, float stepB, String name) {
        for (int k = 0; k < before.size(); k++) {
            float step = k % 2 == 0 ? stepA : stepB;
            int moved = 0;
            for (int i = 0; i < before.get(k).length; i++) {
                double d = Math.abs(after.get(k)[i] - before.get(k)[i]);
                if (d > 0) {
                    moved++;
                    // |g| ≥ 1e-4 gives lr·|g|/(|g|+ε) within 1e-4 of lr; float rounding of w adds ~1e-7.
                    assertEquals(step, d, step * 1e-3 + 2e-7, name + (k % 2 == 0 ? " A" : " B") + " of layer " + k / 2);
                }
            }
            assertTrue(moved > before.get(k).length / 2, name + ": matrix " + k + " moved " + moved);
        }
    }

    private static void assertLossesMatch(Lane alone, Lane together, String name) {
        assertEquals(12, together.losses.size(), name);
        assertEquals(alone.losses.size(), together.losses.size(), name);
        for (int k = 0; k < alone.losses.size(); k++) {
            double x = alone.losses.get(k).loss();
            assertEquals(x, together.losses.get(k).loss(), 1e-5 * Math.max(1, Math.abs(x)), name + " step " + (k + 1));
        }
        assertEquals(2, together.validationLosses.size(), name);
        for (int k = 0; k < 2; k++) {
            assertEquals(alone.validationLosses.get(k).loss(), together.validationLosses.get(k).loss(), 1e-5, name);
        }
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst < 1e-5, "largest |Δ| " + worst);
    }

    private static List<LoraLayer> adapters(Lane lane) {
        List<LoraLayer> list = new ArrayList<>();
        for (Block child : lane.model.getBlock().getChildren().values()) {
            if (child instanceof LoraLayer l) {
                list.add(l);
            }
        }
        return list;
    }

    /** The same small base for every lane; rank 0 leaves it fully trainable (no adapters). */
    private static Lane lane(int rank, List<Model> models) {
        Model model = TinyLanes.mlp("rank" + rank, models, FEATURES, 12, 8, CLASSES);
        if (rank == 0) {
            return TinyLanes.lane(model, 0);
        }
        model.getBlock().freezeParameters(true);
        Engine.getInstance().setRandomSeed(100 + rank);
        AdapterSet set = LoraInjector.inject(model.getBlock(), LoraTargets.allLinear(), LoraConfig.of(rank, 2f * rank));
        // A non-zero B, so that every layer's adapter matters from the first step.
        Random random = new Random(rank);
        for (AdaptedLayer layer : set.layers()) {
            LoraLayer l = layer.layer();
            float[] b = new float[Math.toIntExact(l.loraB().getArray().size())];
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) random.nextGaussian() * 0.1f;
            }
            l.loraB().getArray().set(b);
        }
        return TinyLanes.lane(model, rank);
    }

    private static Samples samples(int n, long seed, boolean regression) {
        Random random = new Random(seed);
        float[] x = new float[n * FEATURES];
        int[] labels = new int[n];
        float[] targets = new float[n * CLASSES];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = (float) random.nextGaussian();
            }
            labels[i] = random.nextInt(CLASSES);
            for (int j = 0; j < CLASSES; j++) {
                targets[i * CLASSES + j] = (float) random.nextGaussian();
            }
        }
        return regression
                ? Samples.regression(x, FEATURES, targets, CLASSES)
                : Samples.classification(x, FEATURES, labels);
    }
}
