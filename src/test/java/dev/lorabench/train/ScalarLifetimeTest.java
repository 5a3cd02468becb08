package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraLinear;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection between a training forward and its backward must not change the
 * gradients. It did (MethodsRunTest's rare lockstep/sequential mismatch): DJL's PyTorch engine
 * computes {@code array.mul(2f)} with a scalar tensor in a Java direct buffer and closes it at
 * once, while the autograd graph keeps that tensor to compute the gradient; a collection then
 * freed the buffer and the backward read freed memory. Here the collection is forced, and the
 * freed memory refilled with NaN, at that point; the gradients must equal those of the same step
 * without it (the oracle: the same computation, undisturbed).
 */
class ScalarLifetimeTest {

    static {
        Engine.getInstance();
    }

    @Test
    void anAdaptersScaledUpdateKeepsItsGradientsThroughACollection() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear base = Linear.builder().setUnits(3).build();
            base.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
            base.freezeParameters(true);
            LoraLinear lora = LoraLinear.wrap(base, LoraConfig.of(2, 4)); // scale α/r = 2
            lora.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
            lora.loraB().getArray().set(new float[] {0.5f, -1f, 0.25f, 2f, -0.75f, 1.5f});
            NDArray x = manager.create(new float[] {1, 2, 3, 4, -1, 0.5f, 2, -3}, new Shape(2, 4));
            Function<NDManager, NDArray> step = m -> lora.forward(new ParameterStore(m, false),
                    new NDList(x), true).singletonOrThrow().square().sum();
            float[][] calm = gradients(manager, step, lora, false);
            float[][] collected = gradients(manager, step, lora, true);
            assertArrayEquals(calm[0], collected[0], "dL/dA");
            assertArrayEquals(calm[1], collected[1], "dL/dB");
        }
    }

    @Test
    void theTrainingLossKeepsItsGradientThroughACollection() {
        for (boolean regression : new boolean[] {false, true}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray w = manager.create(new float[] {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f}, new Shape(2, 3));
                w.setRequiresGradient(true);
                NDArray x = manager.create(new float[] {1, 2, 3, -1}, new Shape(2, 2));
                NDArray y = regression
                        ? manager.create(new float[] {0.5f, -1, 2, 0, 1, -0.5f}, new Shape(2, 3))
                        : manager.create(new long[] {2, 0});
                Loss loss = FitLoop.lossFor(regression);
                Function<NDManager, NDArray> step = m -> loss.evaluate(new NDList(y), new NDList(x.matMul(w)));
                float[] calm = gradient(manager, step, w, false);
                float[] collected = gradient(manager, step, w, true);
                assertArrayEquals(calm, collected, regression ? "squared error" : "cross-entropy");
            }
        }
    }

    private static float[][] gradients(NDManager manager, Function<NDManager, NDArray> step, LoraLinear lora,
            boolean collect) {
        float[] a = gradient(manager, step, lora.loraA().getArray(), collect);
        float[] b = lora.loraB().getArray().getGradient().toFloatArray();
        lora.loraB().getArray().getGradient().muli(0);
        return new float[][] {a, b};
    }

    /** The gradient of {@code parameter} after one forward and backward, zeroed again afterwards. */
    private static float[] gradient(NDManager manager, Function<NDManager, NDArray> step, NDArray parameter,
            boolean collect) {
        try (NDManager stepManager = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray target = step.apply(stepManager);
            if (collect) {
                collectAndRefillFreedMemory();
            }
            collector.backward(target);
        }
        NDArray g = parameter.getGradient();
        assertNotNull(g);
        float[] values = g.toFloatArray();
        g.muli(0);
        return values;
    }

    /**
     * Runs collections until unreachable direct buffers have been released (a dropped buffer of our
     * own, watched through a reference queue, tells: an event, not a pause), twice so that buffers
     * found in the same collection are surely freed, then takes small direct buffers filled with
     * NaN, which reuse memory just freed.
     */
    private static void collectAndRefillFreedMemory() {
        for (int round = 0; round < 2; round++) {
            ReferenceQueue<Object> released = new ReferenceQueue<>();
            PhantomReference<Object> canary = new PhantomReference<>(ByteBuffer.allocateDirect(4), released);
            try {
                while (released.remove(10) == null) {
                    System.gc();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            canary.clear();
        }
        List<ByteBuffer> refill = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder());
            b.putFloat(0, Float.NaN);
            refill.add(b);
        }
        refill.clear();
    }
}
