package dev.lorabench.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.lorabench.model.Architecture;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A fresh adapter's A follows PEFT's default ({@code init_lora_weights=True}: {@code
 * kaiming_uniform_(A, a=√5)}, i.e. U(−1/√fan_in, 1/√fan_in), fan_in = in_features or
 * in_channels·kh·kw) and B is zero; the older Kaiming-normal draw stays available by name.
 */
class LoraInitTest {

    @Test
    void aIsPeftsKaimingUniformAndBIsZeroOnLinearAndConvLayers() {
        forEachAdapted(LoraConfig.of(8, 8f), layer -> {
            float[] a = layer.layer().loraA().getArray().toFloatArray();
            Shape shape = layer.layer().loraA().getArray().getShape();
            long fanIn = shape.size() / shape.get(0);
            double bound = 1 / Math.sqrt(fanIn);
            double largest = 0;
            double squares = 0;
            for (float v : a) {
                largest = Math.max(largest, Math.abs(v));
                squares += (double) v * v;
            }
            assertTrue(largest <= bound * (1 + 1e-6), layer.path() + ": |A| " + largest + " beyond 1/√" + fanIn);
            double std = Math.sqrt(squares / a.length);
            // Uniform on [−b, b]: std b/√3, within 6 standard errors (0.45/√n each) of the estimate.
            assertEquals(bound / Math.sqrt(3), std, bound / Math.sqrt(3) * 2.7 / Math.sqrt(a.length), layer.path());
            for (float v : layer.layer().loraB().getArray().toFloatArray()) {
                assertEquals(0f, v, layer.path() + ": B starts at zero");
            }
        });
    }

    @Test
    void kaimingNormalOptionDrawsWithVarianceTwoOverFanIn() {
        forEachAdapted(LoraConfig.of(8, 8f).withInit(LoraInit.KAIMING_NORMAL), layer -> {
            float[] a = layer.layer().loraA().getArray().toFloatArray();
            Shape shape = layer.layer().loraA().getArray().getShape();
            long fanIn = shape.size() / shape.get(0);
            double squares = 0;
            for (float v : a) {
                squares += (double) v * v;
            }
            double expected = Math.sqrt(2.0 / fanIn);
            // A normal's sample std has a relative standard error of 1/√(2n); 6 of those.
            assertEquals(expected, Math.sqrt(squares / a.length), expected * 6 / Math.sqrt(2.0 * a.length), layer.path());
        });
    }

    /** The small VGG (conv and linear layers) with adapters on every conv and linear layer. */
    private static void forEachAdapted(LoraConfig config, Consumer<AdaptedLayer> check) {
        ModelSpec spec = ModelSpec.forImages(Architecture.VGG, 1, 28, 28, 10);
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(spec);
            block.initialize(manager, DataType.FLOAT32, spec.batchShape(1));
            AdapterSet set = LoraInjector.inject(block, LoraTargets.linearAndConv(), config);
            assertEquals(6, set.layers().size(), "4 conv + 2 linear layers adapted");
            set.layers().forEach(check);
        }
    }
}
