package dev.lorabench.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.lorabench.Offline;
import dev.lorabench.model.Seq;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Oracle tests for DoRA, PiSSA, OLoRA and per-layer configs: hand computations on small tensors. */
class LoraMethodsTest {

    private static final float[] W = {1, 2, 3, -1, 0, 2}; // 2x3
    private static final float[] BIAS = {0.5f, -0.5f};

    @BeforeAll
    static void offline() {
        Offline.enforce();
    }

    private static float[] forward(NDManager m, Block block, NDArray x) {
        return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    private static Seq convAndLinear(NDManager m) {
        Seq model = new Seq()
                .add("0", Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).build())
                .add("1", Blocks.batchFlattenBlock())
                .add("2", Linear.builder().setUnits(3).build());
        model.initialize(m, DataType.FLOAT32, new Shape(1, 2, 6, 6));
        return model;
    }

    private static LoraLinear wrapped(NDManager m, LoraConfig config) {
        Linear base = Linear.builder().setUnits(2).build();
        base.initialize(m, DataType.FLOAT32, new Shape(1, 3));
        base.getParameters().get("weight").getArray().set(W);
        base.getParameters().get("bias").getArray().set(BIAS);
        LoraLinear lora = LoraLinear.wrap(base, config);
        lora.initialize(m, DataType.FLOAT32, new Shape(1, 3));
        return lora;
    }

    @Test
    void freshDoraReproducesTheBaseBitForBitOnConvAndLinear() {
        try (NDManager m = NDManager.newBaseManager()) {
            Seq model = convAndLinear(m);
            NDArray x = m.randomNormal(new Shape(5, 2, 6, 6));
            float[] before = forward(m, model, x);
            float[] convWeight = LoraLinear.weightOf(model.getChildren().get(0).getValue()).getArray().toFloatArray();

            AdapterSet adapters = LoraInjector.inject(
                    model, LoraTargets.linearAndConv(), LoraConfig.of(2, 4f).withMethod(AdapterMethod.DORA));

            assertArrayEquals(before, forward(m, model, x), 0f);
            LoraLayer conv = adapters.layers().get(0).layer();
            assertEquals(new Shape(1, 4, 1, 1), conv.magnitude().getArray().getShape(), "PEFT's conv magnitude shape");
            float[] norms = new float[4]; // per output channel over in·kh·kw = 18 values
            for (int o = 0; o < 4; o++) {
                double sum = 0;
                for (int i = 0; i < 18; i++) {
                    sum += (double) convWeight[o * 18 + i] * convWeight[o * 18 + i];
                }
                norms[o] = (float) Math.sqrt(sum);
            }
            assertArrayEquals(norms, conv.magnitude().getArray().toFloatArray(), 1e-5f);
            assertEquals(new Shape(3), adapters.layers().get(1).layer().magnitude().getArray().getShape());
            assertEquals(2 * (18 + 4) + 4 + 2 * (64 + 3) + 3, adapters.trainableParameters(), "DoRA adds m");
        }
    }

    @Test
    void doraLinearForwardEqualsHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            LoraLinear lora = wrapped(m, LoraConfig.of(1, 3f).withMethod(AdapterMethod.DORA)); // scale 3
            float[] a = {1, -1, 2};
            float[] b = {0.2f, -0.1f};
            float[] mag = {2f, 0.5f};
            lora.loraA().getArray().set(a);
            lora.loraB().getArray().set(b);
            lora.magnitude().getArray().set(mag);
            float[] x = {0.5f, 1.5f, -2f};

            // y_o = bias_o + m_o / ‖V_o‖ · V_o·x with V = W + 3·B·A (the merged form of PEFT's formula)
            float[] expected = new float[2];
            for (int o = 0; o < 2; o++) {
                double norm = 0;
                double vx = 0;
                for (int i = 0; i < 3; i++) {
                    double v = W[o * 3 + i] + 3.0 * b[o] * a[i];
                    norm += v * v;
                    vx += v * x[i];
                }
                expected[o] = (float) (BIAS[o] + mag[o] / Math.sqrt(norm) * vx);
            }
            assertArrayEquals(expected, forward(m, lora, m.create(x, new Shape(1, 3))), 1e-5f);
            assertFalse(lora.additive());
            assertThrows(UnsupportedOperationException.class,
                    () -> lora.update(new ParameterStore(m, false), m.create(x, new Shape(1, 3)), false));
        }
    }

    @Test
    void doraMergedEqualsUnmergedAndUnmergeRestoresTheBase() {
        try (NDManager m = NDManager.newBaseManager()) {
            Seq model = convAndLinear(m);
            AdapterSet adapters = LoraInjector.inject(
                    model, LoraTargets.linearAndConv(), LoraConfig.of(2, 2f).withMethod(AdapterMethod.DORA));
            for (AdaptedLayer layer : adapters.layers()) {
                NDArray b = layer.layer().loraB().getArray();
                b.set(m.randomNormal(b.getShape()).mul(0.3f).toFloatArray());
                NDArray mag = layer.layer().magnitude().getArray();
                mag.set(mag.mul(m.randomUniform(0.5f, 1.5f, mag.getShape())).toFloatArray());
            }
            NDArray x = m.randomNormal(new Shape(5, 2, 6, 6));
            float[] unmerged = forward(m, model, x);
            byte[] convWeight = adapters.layers().get(0).layer().baseWeight().getArray().toByteArray();
            adapters.mergeAll();
            assertArrayEquals(unmerged, forward(m, model, x), 1e-4f);
            adapters.unmergeAll();
            assertArrayEquals(convWeight, adapters.layers().get(0).layer().baseWeight().getArray().toByteArray());
        }
    }

    @Test
    void doraWithMagnitudeFrozenAtInitAgreesWithPlainLoraAtStepZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] a = {0.3f, -0.7f, 0.1f};
            float[] b = {0.05f, -0.02f}; // non-zero so that A's gradient is not trivially zero
            LoraLinear plain = wrapped(m, LoraConfig.of(1, 3f));
            LoraLinear dora = wrapped(m, LoraConfig.of(1, 3f).withMethod(AdapterMethod.DORA));
            for (LoraLinear l : new LoraLinear[] {plain, dora}) {
                l.base().freezeParameters(true);
                l.loraA().getArray().set(a);
                l.loraB().getArray().set(new float[2]);
            }
            // m = ‖W‖ at init; with B = 0 the factor m/‖W + s·B·A‖ is 1, so outputs and gradients agree.
            dora.magnitude().freeze(true);
            NDArray x = m.create(new float[] {0.5f, 1.5f, -2f, 1f, 0f, -1f}, new Shape(2, 3));
            float[][] outs = new float[2][];
            float[][] gradB = new float[2][];
            LoraLinear[] both = {plain, dora};
            for (int k = 0; k < 2; k++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = both[k].forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                    outs[k] = y.toFloatArray();
                    gc.backward(y.square().sum());
                }
                gradB[k] = both[k].loraB().getArray().getGradient().toFloatArray();
            }
            assertArrayEquals(outs[0], outs[1], 0f);
            assertArrayEquals(gradB[0], gradB[1], 1e-6f);
            assertFalse(java.util.Arrays.equals(new float[2], gradB[0]), "B's gradient must be non-trivial");
        }
    }

    @Test
    void pissaResidualPlusPrincipalIsWAndTheTopSingularDirectionIsTaken() {
        try (NDManager m = NDManager.newBaseManager()) {
            RankOne f = rankOne(m, AdapterMethod.PISSA); // s = 2
            LoraLinear lora = f.lora();
            float[] w = SPECTRUM.clone();

            float[] residual = lora.baseWeight().getArray().toFloatArray();
            float[] expectedResidual = w.clone();
            expectedResidual[1] = 0;
            assertArrayEquals(expectedResidual, residual, 1e-5f);
            float[] principal = lora.initialDeltaWeight().toFloatArray();
            float[] sum = new float[12];
            for (int i = 0; i < 12; i++) {
                sum[i] = residual[i] + principal[i];
            }
            assertArrayEquals(w, sum, 1e-5f);
            // PEFT's scaling: Σᵣ/s split as √ into A and B, so |A| = |B| = √(5/2) on the direction.
            assertEquals(Math.sqrt(2.5), Math.abs(lora.loraA().getArray().toFloatArray()[1]), 1e-5);
            assertEquals(Math.sqrt(2.5), Math.abs(lora.loraB().getArray().toFloatArray()[0]), 1e-5);
            assertArrayEquals(f.before(), forward(m, lora, f.x()), 1e-5f);
            assertEquals(1 * (4 + 3), lora.trainableParameters());
        }
    }

    @Test
    void oloraTakesQrFactorsUnscaledAndKeepsW() {
        try (NDManager m = NDManager.newBaseManager()) {
            RankOne f = rankOne(m, AdapterMethod.OLORA); // s = 2
            LoraLinear lora = f.lora();
            float[] w = SPECTRUM.clone();
            // W's first column is 3·e₁, so Q[:, 0] = ±e₁, R[0] = ±(3, 0, 0, 0), B₀·A₀ has 3 at (1, 0).
            float[] ba = lora.loraB().getArray().matMul(lora.loraA().getArray()).toFloatArray();
            float[] expectedBa = new float[12];
            expectedBa[4] = 3;
            assertArrayEquals(expectedBa, ba, 1e-5f);
            float[] expectedResidual = w.clone();
            expectedResidual[4] = 3 - 2 * 3;
            assertArrayEquals(expectedResidual, lora.baseWeight().getArray().toFloatArray(), 1e-5f);
            assertArrayEquals(f.before(), forward(m, lora, f.x()), 1e-5f);
        }
    }

    /** σ = 5, 3, 1 on known directions: the best rank-1 part is 5 at (0, 1). */
    private static final float[] SPECTRUM = {0, 5, 0, 0, 3, 0, 0, 0, 0, 0, 0, 1};

    private record RankOne(LoraLinear lora, NDArray x, float[] before) {}

    /** A bias-free 3×4 linear layer with weight SPECTRUM and its output on x, wrapped at rank 1, α 2. */
    private static RankOne rankOne(NDManager m, AdapterMethod method) {
        Linear base = Linear.builder().setUnits(3).optBias(false).build();
        base.initialize(m, DataType.FLOAT32, new Shape(1, 4));
        base.getParameters().get("weight").getArray().set(SPECTRUM);
        NDArray x = m.randomNormal(new Shape(4, 4));
        float[] before = forward(m, base, x);
        LoraLinear lora = LoraLinear.wrap(base, LoraConfig.of(1, 2f).withMethod(method));
        lora.initialize(m, DataType.FLOAT32, new Shape(1, 4));
        return new RankOne(lora, x, before);
    }

    @Test
    void freshPissaAndOloraReproduceTheBaseOnConvAndLinear() {
        for (AdapterMethod method : new AdapterMethod[] {AdapterMethod.PISSA, AdapterMethod.OLORA}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Seq model = convAndLinear(m);
                NDArray x = m.randomNormal(new Shape(5, 2, 6, 6));
                float[] before = forward(m, model, x);
                java.util.List<float[]> original = LayerWeights.of(model, LoraTargets.linearAndConv()).values().stream()
                        .map(p -> p.getArray().toFloatArray()).toList();
                AdapterSet adapters = LoraInjector.inject(
                        model, LoraTargets.linearAndConv(), LoraConfig.of(2, 4f).withMethod(method));
                assertArrayEquals(before, forward(m, model, x), 1e-5f, method.name());
                for (int i = 0; i < 2; i++) {
                    LoraLayer l = adapters.layers().get(i).layer();
                    float[] residual = l.baseWeight().getArray().toFloatArray();
                    assertFalse(java.util.Arrays.equals(original.get(i), residual), "the base became the residual");
                    float[] sum = l.baseWeight().getArray().add(l.initialDeltaWeight()).toFloatArray();
                    assertArrayEquals(original.get(i), sum, 1e-5f, method + " residual + s·B₀·A₀ = W");
                }
            }
        }
    }

    @Test
    void perLayerConfigsGiveEachLayerItsRankAlphaAndMethod() {
        try (NDManager m = NDManager.newBaseManager()) {
            Seq model = new Seq()
                    .add("0", Linear.builder().setUnits(6).build())
                    .add("1", Linear.builder().setUnits(4).build());
            model.initialize(m, DataType.FLOAT32, new Shape(1, 8));
            LoraConfig dora = new LoraConfig(3, 6f, false, 0f).withMethod(AdapterMethod.DORA);
            AdapterSet adapters = LoraInjector.inject(
                    model, LoraTargets.allLinear(), path -> path.equals("0") ? LoraConfig.of(1, 2f) : dora);
            assertEquals(LoraConfig.of(1, 2f), adapters.layers().get(0).layer().config());
            assertEquals(dora, adapters.layers().get(1).layer().config());
            assertNull(adapters.layers().get(0).layer().magnitude());
            assertEquals(1 * (8 + 6) + 3 * (6 + 4) + 4, adapters.trainableParameters());
            assertEquals(2f, adapters.layers().get(1).layer().config().scale());
            assertTrue(adapters.layers().get(0).layer().sharesBaseProduct());
            assertFalse(adapters.layers().get(1).layer().sharesBaseProduct(), "DoRA rescales base(x)");
        }
    }
}
