package dev.lorabench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every layer starts from PyTorch's default distribution ({@code torch.nn.Linear/Conv2d
 * .reset_parameters}): weights U(−1/√fan_in, 1/√fan_in) (Kaiming-uniform with a = √5), biases
 * U(−1/√fan_in, 1/√fan_in) with the fan-in of their layer's weight. The oracle is that formula:
 * a uniform draw on [−b, b] never leaves it, has mean 0 and standard deviation b/√3.
 */
class TorchInitTest {

    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"MLP", "RESNET", "VGG", "LINEAR"})
    void weightsAndBiasesFollowPyTorchsDefaultInitialisation(Architecture architecture) {
        ModelSpec spec = architecture == Architecture.LINEAR
                ? ModelSpec.linear(10, 5)
                : ModelSpec.forImages(architecture, 1, 28, 28, 10);
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(spec);
            block.initialize(manager, DataType.FLOAT32, spec.batchShape(1));
            Map<String, Long> fanIns = new HashMap<>();
            int weights = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                Parameter parameter = p.getValue();
                if (parameter.getType() == Parameter.Type.WEIGHT) {
                    Shape shape = parameter.getArray().getShape();
                    long fanIn = shape.size() / shape.get(0);
                    fanIns.put(layerOf(p.getKey()), fanIn);
                    assertUniform(parameter.getArray().toFloatArray(), 1 / Math.sqrt(fanIn), p.getKey());
                    weights++;
                }
            }
            int biases = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.BIAS) {
                    Long fanIn = fanIns.get(layerOf(p.getKey()));
                    assertTrue(fanIn != null, "a bias without a weight: " + p.getKey());
                    assertUniform(p.getValue().getArray().toFloatArray(), 1 / Math.sqrt(fanIn), p.getKey());
                    biases++;
                }
            }
            assertTrue(weights > 0 && biases > 0, weights + " weights, " + biases + " biases");
        }
    }

    /** "…_weight" / "…_bias" → the layer's path. */
    private static String layerOf(String parameterPath) {
        return parameterPath.substring(0, parameterPath.lastIndexOf('_'));
    }

    /** Inside [−b, b]; for draws large enough to tell, mean ≈ 0 and std ≈ b/√3 (not a normal's). */
    static void assertUniform(float[] values, double bound, String name) {
        double sum = 0;
        double squares = 0;
        double largest = 0;
        for (float v : values) {
            sum += v;
            squares += (double) v * v;
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest <= bound * (1 + 1e-6), name + ": |value| " + largest + " beyond the bound " + bound);
        assertTrue(largest > 0, name + " is all zeros");
        int n = values.length;
        if (n >= 100) {
            double mean = sum / n;
            double std = Math.sqrt(squares / n - mean * mean);
            double expected = bound / Math.sqrt(3);
            // The sample std of n uniform draws has a relative error of about 0.45/√n; 6 of those.
            double tolerance = Math.max(2.7 / Math.sqrt(n), 1e-3);
            assertEquals(expected, std, expected * tolerance, name + ": std of " + n + " draws");
            assertEquals(0, mean, 6 * expected / Math.sqrt(n), name + ": mean of " + n + " draws");
        }
    }
}
