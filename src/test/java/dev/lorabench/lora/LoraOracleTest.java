package dev.lorabench.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.lorabench.Offline;
import dev.lorabench.model.Seq;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Oracle tests: LoRA blocks against outputs computed by hand. */
class LoraOracleTest {

    @BeforeAll
    static void offline() {
        Offline.enforce();
    }

    private static float[] forward(NDManager m, Block block, NDArray x) {
        ParameterStore store = new ParameterStore(m, false);
        return block.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    /** A model of one initialised linear layer at path "0", {@code in} → {@code out}. */
    private static Seq oneLinear(NDManager m, int in, int out) {
        Seq model = new Seq().add("0", Linear.builder().setUnits(out).build());
        model.initialize(m, DataType.FLOAT32, new Shape(1, in));
        return model;
    }

    /** A one-linear model, a random batch of 3 inputs, its output before injection, and the adapters. */
    private record Injected(Seq model, NDArray x, float[] base, AdapterSet adapters) {}

    private static Injected injectIntoOneLinear(NDManager m, int in, int out, LoraConfig config) {
        Seq model = oneLinear(m, in, out);
        NDArray x = m.randomNormal(new Shape(3, in));
        float[] base = forward(m, model, x);
        return new Injected(model, x, base, LoraInjector.inject(model, LoraTargets.allLinear(), config));
    }

    @Test
    void freshAdapterReproducesBaseExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            Injected one = injectIntoOneLinear(m, 7, 5, LoraConfig.of(2, 4f));
            AdapterSet adapters = one.adapters();
            float[] before = one.base();
            float[] after = forward(m, one.model(), one.x());

            assertArrayEquals(before, after, 0f);
            assertEquals(1, adapters.layers().size());
            assertEquals("0", adapters.layers().get(0).path());
            assertEquals(2 * (7 + 5), adapters.trainableParameters());
        }
    }

    @Test
    void linearForwardEqualsWxPlusBPlusScaledBAx() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear base = Linear.builder().setUnits(2).build();
            base.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            float[] w = {1, 2, 3, -1, 0, 2}; // 2x3
            float[] b = {0.5f, -0.5f};
            base.getParameters().get("weight").getArray().set(w);
            base.getParameters().get("bias").getArray().set(b);
            LoraConfig config = LoraConfig.of(1, 3f); // scale 3
            LoraLinear lora = LoraLinear.wrap(base, config);
            lora.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            float[] a = {1, -1, 2}; // 1x3
            float[] bb = {2, -3}; // 2x1
            lora.loraA().getArray().set(a);
            lora.loraB().getArray().set(bb);

            float[] x = {0.5f, 1.5f, -2f};
            float[] expected = new float[2];
            float ax = a[0] * x[0] + a[1] * x[1] + a[2] * x[2];
            for (int o = 0; o < 2; o++) {
                float wx = w[o * 3] * x[0] + w[o * 3 + 1] * x[1] + w[o * 3 + 2] * x[2];
                expected[o] = wx + b[o] + 3f * bb[o] * ax;
            }
            float[] actual = forward(m, lora, m.create(x, new Shape(1, 3)));
            assertArrayEquals(expected, actual, 1e-5f);
        }
    }

    @Test
    void convForwardEqualsHandComputedConvolutions() {
        try (NDManager m = NDManager.newBaseManager()) {
            Conv2d base =
                    Conv2d.builder().setFilters(1).setKernelShape(new Shape(2, 2)).optBias(false).build();
            base.initialize(m, DataType.FLOAT32, new Shape(1, 1, 3, 3));
            float[] k = {1, 0, -1, 2};
            base.getParameters().get("weight").getArray().set(k);
            LoraConv2d lora = LoraConv2d.wrap(base, LoraConfig.of(1, 2f)); // scale 2
            lora.initialize(m, DataType.FLOAT32, new Shape(1, 1, 3, 3));
            float[] ka = {0.5f, 1, 0, -1};
            lora.loraA().getArray().set(ka);
            lora.loraB().getArray().set(new float[] {3});

            float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
            float[] expected = new float[4];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    float base2 = 0;
                    float down = 0;
                    for (int di = 0; di < 2; di++) {
                        for (int dj = 0; dj < 2; dj++) {
                            float v = img[(i + di) * 3 + j + dj];
                            base2 += k[di * 2 + dj] * v;
                            down += ka[di * 2 + dj] * v;
                        }
                    }
                    expected[i * 2 + j] = base2 + 2f * 3f * down;
                }
            }
            float[] actual = forward(m, lora, m.create(img, new Shape(1, 1, 3, 3)));
            assertArrayEquals(expected, actual, 1e-5f);
            assertEquals(1 * (4 + 1), lora.trainableParameters());
        }
    }

    @Test
    void mergedEqualsUnmergedAndUnmergeRestoresTheBaseBitForBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            Seq model =
                    new Seq()
                            .add("0", Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).build())
                            .add("1", ai.djl.nn.Blocks.batchFlattenBlock())
                            .add("2", Linear.builder().setUnits(3).build());
            model.initialize(m, DataType.FLOAT32, new Shape(1, 2, 6, 6));
            AdapterSet adapters =
                    LoraInjector.inject(model, LoraTargets.linearAndConv(), LoraConfig.of(2, 2f));
            for (AdaptedLayer layer : adapters.layers()) {
                NDArray b = layer.layer().loraB().getArray();
                b.set(m.randomNormal(b.getShape()).toFloatArray());
            }
            NDArray x = m.randomNormal(new Shape(5, 2, 6, 6));
            float[] unmerged = forward(m, model, x);
            byte[] convWeight = adapters.layers().get(0).layer().baseWeight().getArray().toByteArray();

            adapters.mergeAll();
            assertTrue(adapters.isMerged());
            float[] merged = forward(m, model, x);
            assertArrayEquals(unmerged, merged, 1e-5f);

            adapters.unmergeAll();
            assertFalse(adapters.isMerged());
            assertArrayEquals(
                    convWeight, adapters.layers().get(0).layer().baseWeight().getArray().toByteArray());
            assertArrayEquals(unmerged, forward(m, model, x), 0f);
        }
    }

    @Test
    void switchingOffGivesTheBaseOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            Injected one = injectIntoOneLinear(m, 6, 4, LoraConfig.of(1, 1f));
            NDArray b = one.adapters().layers().get(0).layer().loraB().getArray();
            b.set(new float[] {1, 2, 3, 4});
            assertFalse(java.util.Arrays.equals(one.base(), forward(m, one.model(), one.x())));
            one.adapters().setEnabled(false);
            assertArrayEquals(one.base(), forward(m, one.model(), one.x()), 0f);
        }
    }

    @Test
    void rankBeyondTheLayerIsRefusedNamingTheBound() {
        try (NDManager m = NDManager.newBaseManager()) {
            Seq model = oneLinear(m, 10, 5);
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> LoraInjector.inject(model, LoraTargets.allLinear(), LoraConfig.of(6, 1f)));
            assertEquals("rank must be in 1..5 for this layer but was 6", e.getMessage());
            assertEquals(java.util.Map.of("0", 5L), LoraInjector.maxRanks(model, LoraTargets.allLinear()));
            assertThrows(IllegalArgumentException.class, () -> LoraConfig.of(0, 1f));
        }
    }

    @Test
    void rsLoraScalesBySquareRootOfRank() {
        assertEquals(2f, LoraConfig.of(4, 8f).scale(), 0f);
        assertEquals(4f, new LoraConfig(4, 8f, true, 0f).scale(), 0f);
    }
}
