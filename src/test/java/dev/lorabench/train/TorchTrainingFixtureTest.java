package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import dev.lorabench.data.Safetensors;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.lora.LoraLayer;
import dev.lorabench.lora.LoraTargets;
import dev.lorabench.model.Seq;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Same start, same rows, same recipe: lorabench's training loop lands where PyTorch's does.
 * {@code tools/make_torch_training_fixture.py} let {@code torch.optim.Adam} (lr 1e-2) take five
 * full-batch steps on a 12-16-4 MLP with cross-entropy, with squared error, and with LoRA (rank 2,
 * scale 2) on a frozen base, and kept every step's loss and the final tensors. Here {@code FitLoop}
 * trains the same start on the same 32 rows (full batches, so its shuffling changes nothing).
 */
class TorchTrainingFixtureTest {

    private static Map<String, Safetensors.Tensor> fixture;

    @BeforeAll
    static void load() throws Exception {
        Path file = Path.of(TorchTrainingFixtureTest.class.getResource("/torch-fixtures/training.safetensors").toURI());
        fixture = Safetensors.readAll(file);
    }

    @Test
    void crossEntropyStepsMatchPyTorch() {
        trainAndCompare("ce", false);
    }

    @Test
    void squaredErrorStepsMatchPyTorch() {
        trainAndCompare("mse", true);
    }

    @Test
    void loraStepsOnAFrozenBaseMatchPyTorchAndPeftsForward() {
        try (Model model = model();
                NDManager manager = NDManager.newBaseManager();
                TensorSet rows = TensorSet.of(manager, rows(false))) {
            Block block = model.getBlock();
            block.freezeParameters(true);
            LoraInjector.inject(block, LoraTargets.allLinear(), LoraConfig.of(2, 4f)); // scale 4/2
            List<LoraLayer> layers = List.of(lora(block, "0"), lora(block, "2"));
            for (int k = 0; k < layers.size(); k++) {
                String i = k == 0 ? "0" : "2";
                layers.get(k).loraA().getArray().set(get("lora.init." + i + ".A"));
                layers.get(k).loraB().getArray().set(get("lora.init." + i + ".B"));
            }
            Lane lane = fit(model, rows, false);
            assertLosses("lora", lane);
            for (int k = 0; k < layers.size(); k++) {
                String i = k == 0 ? "0" : "2";
                assertClose(get("lora.final." + i + ".A"), layers.get(k).loraA().getArray().toFloatArray(), "A of " + i);
                assertClose(get("lora.final." + i + ".B"), layers.get(k).loraB().getArray().toFloatArray(), "B of " + i);
            }
            assertClose(get("init.0.weight"), layers.get(0).baseWeight().getArray().toFloatArray(), "frozen base");
        }
    }

    private static void trainAndCompare(String name, boolean regression) {
        try (Model model = model();
                NDManager manager = NDManager.newBaseManager();
                TensorSet rows = TensorSet.of(manager, rows(regression))) {
            Lane lane = fit(model, rows, regression);
            assertLosses(name, lane);
            for (String layer : List.of("0", "2")) {
                for (String kind : List.of("weight", "bias")) {
                    Parameter p = child(model.getBlock(), layer).getParameters().get(kind);
                    assertClose(get(name + ".final." + layer + "." + kind), p.getArray().toFloatArray(), layer + "." + kind);
                }
            }
        }
    }

    private static Lane fit(Model model, TensorSet rows, boolean regression) {
        Lane lane = new Lane("torch-twin", model, null);
        // 5 epochs of one 32-row batch: 5 Adam steps.
        new FitLoop(new RunContext(new RecordingListener(), new AtomicBoolean(), 0))
                .fitAll(List.of(lane), rows, null, new FitRecipe(regression, 5, 0, 32, 1e-2f, 1, 0));
        return lane;
    }

    private static void assertLosses(String name, Lane lane) {
        float[] expected = get(name + ".losses");
        assertEquals(expected.length, lane.losses.size(), name);
        for (int k = 0; k < expected.length; k++) {
            double x = expected[k];
            assertEquals(x, lane.losses.get(k).loss(), 1e-5 * Math.max(1, Math.abs(x)), name + " loss at step " + (k + 1));
        }
    }

    /** The 12-16-4 MLP with PyTorch's initial tensors. */
    private static Model model() {
        Engine.getInstance();
        Model model = Model.newInstance("twin");
        Seq block = new Seq()
                .add("0", Linear.builder().setUnits(16).build())
                .add("1", Activation.reluBlock())
                .add("2", Linear.builder().setUnits(4).build());
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 12));
        for (String layer : List.of("0", "2")) {
            for (String kind : List.of("weight", "bias")) {
                child(block, layer).getParameters().get(kind).getArray().set(get("init." + layer + "." + kind));
            }
        }
        model.setBlock(block);
        return model;
    }

    private static Samples rows(boolean regression) {
        float[] x = get("x");
        if (regression) {
            return Samples.regression(x, 12, get("targets"), 4);
        }
        float[] labels = get("labels");
        int[] classes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            classes[i] = (int) labels[i];
        }
        return Samples.classification(x, 12, classes);
    }

    private static LoraLayer lora(Block block, String name) {
        return (LoraLayer) child(block, name);
    }

    /** A Seq child by its PyTorch name ("0", "2"); DJL keys children as index + name ("010"). */
    private static Block child(Block block, String name) {
        for (var entry : block.getChildren()) {
            if (entry.getKey().substring(2).equals(name)) {
                return entry.getValue();
            }
        }
        throw new AssertionError("no child " + name + " in " + block.getChildren().keys());
    }

    private static float[] get(String name) {
        Safetensors.Tensor t = fixture.get(name);
        assertTrue(t != null, "fixture has " + name);
        return t.values();
    }

    private static void assertClose(float[] expected, float[] actual, String name) {
        assertEquals(expected.length, actual.length, name);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        // Five steps of lr 1e-2 move a weight by up to 5e-2; float rounding differs by far less.
        assertTrue(worst < 1e-5, name + ": largest |Δ| vs PyTorch " + worst);
    }
}
