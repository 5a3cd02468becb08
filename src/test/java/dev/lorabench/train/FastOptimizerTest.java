package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fused in-place optimizer against {@code torch.optim.Adam}'s update written out in double
 * precision ({@code torch/optim/adam.py}, single-tensor path): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * w ← w − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε). Each parameter's loss is Σ w⊙c, so its gradient is c,
 * known without the engine; gradients of the order of ε make ε's placement visible (DJL's own
 * Adam, which adds ε to the uncorrected √v, moves such weights about 3× less in the first step).
 */
class FastOptimizerTest {

    private static final float LR = 1e-3f;

    /** Loads the PyTorch engine (and its native library) before any array is made. */
    @BeforeAll
    static void loadEngine() {
        Engine.getInstance();
    }

    @Test
    void fusedAdamFollowsTorchAdamOverSeveralSteps() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(3);
            // A large parameter (split over threads) and a small one; one of tiny gradients.
            NDArray big = uniform(manager, random, new Shape(600, 500));
            NDArray small = uniform(manager, random, new Shape(3, 4));
            assertNotNull(TensorMemory.floats(big), "a contiguous tensor is viewed in place");
            checkAgainstTorchAdam(manager, List.of(big, small), new double[] {1, 1e-8}, random);
        }
    }

    /**
     * Per-slice rates (LoRA+'s B, per lane of a stack): slice i of a parameter steps exactly as
     * torch's Adam with lr·fᵢ; the big parameter's slices cross the chunks the loop splits over threads.
     */
    @Test
    void slicesOfAParameterStepAtTheirOwnRates() {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(5);
            NDArray big = manager.create(uniform(random, 300_000), new Shape(3, 500, 200));
            NDArray small = manager.create(uniform(random, 12), new Shape(3, 4));
            NDArray plain = manager.create(uniform(random, 10), new Shape(10));
            checkAgainstTorchAdam(manager, List.of(big, small, plain), new double[] {1, 1, 1},
                    java.util.Arrays.asList(new float[] {1, 16, 4}, new float[] {2}, null), random);
        }
    }

    @Test
    void aStridedParameterIsUpdatedThroughItsStrides() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(4);
            NDArray storage = uniform(manager, random, new Shape(4, 3));
            NDArray view = storage.transpose(); // 3×4, not contiguous: DJL hands out a copy's buffer
            assertNull(TensorMemory.floats(view), "a transposed view is not its own contiguous memory");
            checkAgainstTorchAdam(manager, List.of(view), new double[] {1e-3}, random);
            // The storage itself moved: its transpose is what the view shows.
            float[] seen = view.toFloatArray();
            float[] stored = storage.toFloatArray();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(seen[i * 4 + j], stored[j * 3 + i], 0f);
                }
            }
        }
    }

    @Test
    void overwritingAStridedViewWritesThroughItsStrides() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray storage = manager.zeros(new Shape(2, 3));
            NDArray view = storage.transpose();
            float[] values = {1, 2, 3, 4, 5, 6};
            TensorWrites.overwrite(view, values);
            assertArrayEquals(values, view.toFloatArray(), 0f);
            assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, storage.toFloatArray(), 0f);
            NDArray plain = manager.zeros(new Shape(2, 3));
            TensorWrites.overwrite(plain, values);
            assertArrayEquals(values, plain.toFloatArray(), 0f);
        }
    }

    /**
     * Five Adam steps on each array (made a parameter) with gradient c·scale, c fresh each step;
     * after every step the weights must equal torch's update computed here in double.
     */
    private static void checkAgainstTorchAdam(NDManager manager, List<NDArray> arrays, double[] scales, Random random) {
        checkAgainstTorchAdam(manager, arrays, scales, java.util.Collections.nCopies(arrays.size(), null), random);
    }

    /** As above, parameter k's slices stepping at lr times {@code factors.get(k)} (null: lr). */
    private static void checkAgainstTorchAdam(
            NDManager manager, List<NDArray> arrays, double[] scales, List<float[]> factors, Random random) {
        List<Parameter> parameters = new ArrayList<>();
        java.util.Map<Parameter, float[]> rates = new java.util.IdentityHashMap<>();
        List<double[]> w = new ArrayList<>();
        for (NDArray array : arrays) {
            array.setRequiresGradient(true);
            parameters.add(Parameter.builder().setName("p" + parameters.size()).setType(Parameter.Type.WEIGHT)
                    .optArray(array).build());
            w.add(toDouble(array.toFloatArray()));
            if (factors.get(parameters.size() - 1) != null) {
                rates.put(parameters.get(parameters.size() - 1), factors.get(parameters.size() - 1));
            }
        }
        List<double[]> m = new ArrayList<>();
        List<double[]> v = new ArrayList<>();
        for (double[] values : w) {
            m.add(new double[values.length]);
            v.add(new double[values.length]);
        }
        FastOptimizer adam = FastOptimizer.adam(parameters, LR, rates);
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        for (int t = 1; t <= 5; t++) {
            List<float[]> gradients = new ArrayList<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                    NDManager step = manager.newSubManager()) {
                NDArray loss = null;
                for (int k = 0; k < arrays.size(); k++) {
                    float[] c = uniform(random, Math.toIntExact(arrays.get(k).size()));
                    for (int i = 0; i < c.length; i++) {
                        c[i] *= (float) scales[k];
                    }
                    gradients.add(c);
                    NDArray term = arrays.get(k).mul(step.create(c, arrays.get(k).getShape())).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                collector.backward(loss);
            }
            adam.step();
            double size = LR / (1 - Math.pow(b1, t));
            double sqrtBc2 = Math.sqrt(1 - Math.pow(b2, t));
            for (int k = 0; k < arrays.size(); k++) {
                double[] wk = w.get(k);
                double[] mk = m.get(k);
                double[] vk = v.get(k);
                float[] g = gradients.get(k);
                float[] actual = arrays.get(k).toFloatArray();
                double worst = 0;
                double moved = 0;
                for (int i = 0; i < wk.length; i++) {
                    mk[i] = b1 * mk[i] + (1 - b1) * g[i];
                    vk[i] = b2 * vk[i] + (1 - b2) * (double) g[i] * g[i];
                    float[] f = factors.get(k);
                    double factor = f == null ? 1 : f[i / (wk.length / f.length)];
                    double delta = factor * size * mk[i] / (Math.sqrt(vk[i]) / sqrtBc2 + eps);
                    wk[i] -= delta;
                    moved = Math.max(moved, Math.abs(delta));
                    worst = Math.max(worst, Math.abs(actual[i] - wk[i]));
                }
                // Float arithmetic against double: a few ulps of the weights (|w| ≤ 1) per step.
                assertTrue(worst <= 1e-6 * t, "parameter " + k + " step " + t + ": largest |Δw| " + worst);
                assertTrue(moved > 1e-4, "the step moved the weights (largest move " + moved + ")");
                try (NDArray gradient = arrays.get(k).getGradient()) {
                    assertEquals(0f, gradient.abs().max().getFloat(), "gradient zeroed after the step");
                }
            }
        }
    }

    private static float[] uniform(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    /** An array of this shape with values uniform in [-1, 1). */
    private static NDArray uniform(NDManager manager, Random random, Shape shape) {
        return manager.create(uniform(random, Math.toIntExact(shape.size())), shape);
    }

    private static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return d;
    }

    @Test
    void sgdSubtractsTheScaledGradientAndZeroesIt() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ai.djl.nn.core.Linear linear = ai.djl.nn.core.Linear.builder().setUnits(3).build();
            linear.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
            Parameter w = linear.getParameters().get("weight");
            float[] before = w.getArray().toFloatArray();
            NDArray x = manager.ones(new Shape(2, 4));
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray out = linear.forward(new ai.djl.training.ParameterStore(manager, false), new NDList(x), true)
                        .singletonOrThrow();
                c.backward(out.sum());
            }
            FastOptimizer.sgd(linear, 0.5f).step();
            float[] after = w.getArray().toFloatArray();
            for (int i = 0; i < before.length; i++) {
                // d(sum)/dW = 2 (two rows of ones).
                assertEquals(before[i] - 1f, after[i], 1e-6);
            }
            try (NDArray g = w.getArray().getGradient()) {
                assertEquals(0f, g.abs().sum().getFloat());
            }
        }
    }
}
