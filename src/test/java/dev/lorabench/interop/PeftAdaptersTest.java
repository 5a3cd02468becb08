package dev.lorabench.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.Offline;
import dev.lorabench.data.DataException;
import dev.lorabench.data.Safetensors;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.lora.LoraTargets;
import dev.lorabench.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeftAdaptersTest {

    @TempDir Path tmp;

    @BeforeAll
    static void offline() {
        Offline.enforce();
    }

    private static final ModelSpec MLP = Models.MLP;
    private static final ModelSpec RESNET = Models.RESNET;
    private static final ModelSpec VGG = Models.VGG;

    /** Saves trained-looking adapters of {@code spec}; returns the adapted model's outputs. */
    private float[] saveAdapted(ModelSpec spec, LoraTargets targets, LoraConfig config, Path dir, float[] x)
            throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build(m, spec);
            Models.randomize(block, 5);
            AdapterSet adapters = LoraInjector.inject(block, targets, config);
            Models.randomize(adapters, 9);
            PeftAdapters.save(adapters, dir, Map.of("architecture", spec.architecture().id()));
            return Models.forward(block, spec, x);
        }
    }

    private void roundTrip(ModelSpec spec, LoraTargets targets, LoraConfig config) throws Exception {
        Path dir = tmp.resolve(spec.architecture().id());
        float[] x = Models.inputs(spec, 4, 3);
        float[] expected = saveAdapted(spec, targets, config, dir, x);
        PeftAdapters.AdapterConfig read = PeftAdapters.readConfig(dir);
        assertEquals(config, read.loraConfig());
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build(m, spec);
            Models.randomize(block, 5);
            AdapterSet fresh = LoraInjector.inject(block, targets, read.loraConfig());
            float[] before = Models.forward(block, spec, x);
            assertFalse(Arrays.equals(before, expected), "the adapters change the outputs");
            PeftAdapters.load(dir, fresh);
            assertArrayEquals(expected, Models.forward(block, spec, x), 1e-6f);
        }
    }

    @Test
    void mlpAdaptersReloadToIdenticalOutputs() throws Exception {
        roundTrip(MLP, LoraTargets.allLinear(), LoraConfig.of(2, 4f));
    }

    @Test
    void convAdaptersReloadToIdenticalOutputs() throws Exception {
        roundTrip(RESNET, LoraTargets.linearAndConv(), new LoraConfig(3, 2f, true, 0f));
        roundTrip(VGG, LoraTargets.allConv(), LoraConfig.of(1, 1f));
    }

    @Test
    void folderHasPeftConfigAndKeysInPyTorchNaming() throws Exception {
        Path dir = tmp.resolve("r");
        saveAdapted(RESNET, LoraTargets.linearAndConv(), new LoraConfig(3, 2f, true, 0.1f), dir, Models.inputs(RESNET, 1, 1));
        JsonObject c = JsonParser.parseString(Files.readString(dir.resolve(PeftAdapters.CONFIG))).getAsJsonObject();
        assertEquals("LORA", c.get("peft_type").getAsString());
        assertTrue(c.get("task_type").isJsonNull());
        assertEquals(3, c.get("r").getAsInt());
        assertEquals(2.0, c.get("lora_alpha").getAsDouble());
        assertTrue(c.get("use_rslora").getAsBoolean());
        assertEquals(0.1f, c.get("lora_dropout").getAsFloat());
        assertEquals("none", c.get("bias").getAsString());
        assertFalse(c.get("fan_in_fan_out").getAsBoolean());
        assertTrue(c.get("base_model_name_or_path").isJsonNull());
        assertTrue(c.get("inference_mode").getAsBoolean());
        assertTrue(c.get("init_lora_weights").getAsBoolean());
        assertTrue(c.get("modules_to_save").isJsonNull());
        assertEquals("resnet", c.getAsJsonObject("lorabench").get("architecture").getAsString());
        List<String> targets = c.getAsJsonArray("target_modules").asList().stream().map(e -> e.getAsString()).toList();
        assertTrue(targets.contains("layer1.0.conv1") && targets.contains("layer2.0.downsample.0")
                && targets.contains("fc") && targets.contains("conv1"), targets.toString());
        assertTrue(targets.stream().noneMatch(t -> t.contains("main")), targets.toString());

        try (Safetensors.Reader r = Safetensors.open(dir.resolve(PeftAdapters.WEIGHTS))) {
            assertArrayEquals(new long[] {3, 16, 3, 3}, r.entry("base_model.model.layer1.0.conv1.lora_A.weight").shape());
            assertArrayEquals(new long[] {16, 3, 1, 1}, r.entry("base_model.model.layer1.0.conv1.lora_B.weight").shape());
            assertArrayEquals(new long[] {3, 64}, r.entry("base_model.model.fc.lora_A.weight").shape());
            assertArrayEquals(new long[] {10, 3}, r.entry("base_model.model.fc.lora_B.weight").shape());
            assertEquals(2 * targets.size(), r.entries().size());
        }
        PeftAdapters.Info info = PeftAdapters.info(dir);
        assertEquals(info.tensors().stream().mapToLong(PeftAdapters.TensorInfo::count).sum(), info.trainable());
    }

    /** Loads {@code dir} into fresh MLP adapters of {@code config}; returns the problem after "file: ". */
    private String loadProblem(Path dir, LoraConfig config) {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build(m, MLP);
            AdapterSet adapters = LoraInjector.inject(block, LoraTargets.allLinear(), config);
            DataException e = assertThrows(DataException.class, () -> PeftAdapters.load(dir, adapters));
            assertEquals(1, e.getMessage().lines().count());
            return e.getMessage();
        }
    }

    @Test
    void loadRefusesMismatchesWithOneLineNamingTheFile() throws Exception {
        Path dir = tmp.resolve("mlp");
        saveAdapted(MLP, LoraTargets.allLinear(), LoraConfig.of(2, 4f), dir, Models.inputs(MLP, 1, 1));
        Path config = dir.resolve(PeftAdapters.CONFIG);
        Path weights = dir.resolve(PeftAdapters.WEIGHTS);

        assertEquals(config + ": rank r=2 but the model's adapter 0 has r=3", loadProblem(dir, LoraConfig.of(3, 4f)));
        assertTrue(loadProblem(dir, LoraConfig.of(2, 1f)).startsWith(config + ": lora_alpha 4.0 but"));

        Map<String, Safetensors.Tensor> good = new TreeMap<>(Safetensors.readAll(weights));
        Map<String, Safetensors.Tensor> t = new TreeMap<>(good);
        t.remove("base_model.model.2.lora_B.weight");
        Safetensors.write(weights, t, Map.of());
        assertEquals(weights + ": missing tensor base_model.model.2.lora_B.weight", loadProblem(dir, LoraConfig.of(2, 4f)));

        t = new TreeMap<>(good);
        t.put("base_model.model.0.lora_A.weight", Safetensors.Tensor.of(new float[2 * 785], 2, 785));
        Safetensors.write(weights, t, Map.of());
        assertEquals(weights + ": tensor base_model.model.0.lora_A.weight: shape [2, 785] does not match the model's [2, 784]",
                loadProblem(dir, LoraConfig.of(2, 4f)));

        t = new TreeMap<>(good);
        t.put("base_model.model.9.lora_A.weight", Safetensors.Tensor.of(new float[2], 2, 1));
        Safetensors.write(weights, t, Map.of());
        assertTrue(loadProblem(dir, LoraConfig.of(2, 4f)).startsWith(weights + ": unexpected tensor base_model.model.9"));

        Safetensors.write(weights, good, Map.of());
        String header = "{\"base_model.model.0.lora_A.weight\":{\"dtype\":\"I32\",\"shape\":[2,784],\"data_offsets\":[0,6272]}}";
        Files.write(weights, dev.lorabench.data.SafetensorsBytes.of(header, new byte[6272]));
        assertTrue(loadProblem(dir, LoraConfig.of(2, 4f)).contains("dtype I32 is not a floating type"));

        Safetensors.write(weights, good, Map.of());
        String json = Files.readString(config);
        Files.writeString(config, json.replace("\"0\"", "\"1\""));
        assertTrue(loadProblem(dir, LoraConfig.of(2, 4f)).contains("target_modules [1, 2, 4] do not match"));
        Files.writeString(config, json.substring(0, json.length() / 2));
        assertTrue(loadProblem(dir, LoraConfig.of(2, 4f)).startsWith(config + ": not valid JSON"));
        Files.writeString(config, json.replace("\"LORA\"", "\"IA3\""));
        assertEquals(config + ": peft_type is IA3, not LORA", loadProblem(dir, LoraConfig.of(2, 4f)));
        Files.delete(config);
        assertTrue(loadProblem(dir, LoraConfig.of(2, 4f)).startsWith(config + ": no such file"));
    }
}
