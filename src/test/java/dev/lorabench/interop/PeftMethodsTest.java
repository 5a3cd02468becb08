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
import dev.lorabench.lora.AdapterMethod;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.lora.LoraTargets;
import dev.lorabench.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DoRA, per-layer ranks and PiSSA/OLoRA in PEFT's layout: saved, read back, identical logits. */
class PeftMethodsTest {

    @TempDir Path tmp;

    @BeforeAll
    static void offline() {
        Offline.enforce();
    }

    /**
     * Saves trained-looking adapters made by {@code saved}, loads the folder into a fresh model
     * adapted by {@code loaded} (the config read from the folder in hand) and checks the logits.
     */
    private JsonObject roundTrip(ModelSpec spec, LoraTargets targets, Function<String, LoraConfig> saved,
            Function<PeftAdapters.AdapterConfig, Function<String, LoraConfig>> loaded, float tolerance)
            throws Exception {
        Path dir = tmp.resolve(spec.architecture().id() + saved.apply("").method() + Files.list(tmp).count());
        float[] x = Models.inputs(spec, 4, 3);
        float[] expected;
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build(m, spec);
            Models.randomize(block, 5);
            AdapterSet adapters = LoraInjector.inject(block, targets, saved);
            Models.randomize(adapters, 9);
            PeftAdapters.save(adapters, dir, Map.of());
            expected = Models.forward(block, spec, x);
        }
        PeftAdapters.AdapterConfig read = PeftAdapters.readConfig(dir);
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build(m, spec);
            Models.randomize(block, 5);
            AdapterSet fresh = LoraInjector.inject(block, targets, loaded.apply(read));
            assertFalse(Arrays.equals(Models.forward(block, spec, x), expected), "the adapters change the outputs");
            PeftAdapters.load(dir, fresh);
            assertArrayEquals(expected, Models.forward(block, spec, x), tolerance);
        }
        return JsonParser.parseString(Files.readString(dir.resolve(PeftAdapters.CONFIG))).getAsJsonObject();
    }

    private static Function<PeftAdapters.AdapterConfig, Function<String, LoraConfig>> asRead() {
        return read -> path -> read.loraConfigFor(TorchNames.module(path));
    }

    @Test
    void doraSavesMagnitudeVectorsAndReloadsToIdenticalLogits() throws Exception {
        LoraConfig dora = LoraConfig.of(2, 4f).withMethod(AdapterMethod.DORA);
        JsonObject c = roundTrip(Models.MLP, LoraTargets.allLinear(), p -> dora, asRead(), 1e-6f);
        assertTrue(c.get("use_dora").getAsBoolean());
        roundTrip(Models.RESNET, LoraTargets.linearAndConv(), p -> dora, asRead(), 1e-6f);
        roundTrip(Models.VGG, LoraTargets.allConv(), p -> dora, asRead(), 1e-6f);
        Path dir = Files.list(tmp).filter(d -> d.getFileName().toString().startsWith("resnet")).findFirst().orElseThrow();
        try (Safetensors.Reader r = Safetensors.open(dir.resolve(PeftAdapters.WEIGHTS))) {
            assertArrayEquals(new long[] {1, 16, 1, 1}, r.entry("base_model.model.layer1.0.conv1.lora_magnitude_vector").shape());
            assertArrayEquals(new long[] {10}, r.entry("base_model.model.fc.lora_magnitude_vector").shape());
        }
    }

    @Test
    void perLayerRanksAndAlphasBecomeRankAndAlphaPatterns() throws Exception {
        JsonObject c = roundTrip(Models.MLP, LoraTargets.allLinear(),
                p -> p.equals("0") ? LoraConfig.of(8, 16f) : p.equals("2") ? LoraConfig.of(1, 16f) : LoraConfig.of(8, 2f),
                asRead(), 1e-6f);
        assertEquals(8, c.get("r").getAsInt());
        assertEquals(16f, c.get("lora_alpha").getAsFloat());
        assertEquals("{\"2\":1}", c.get("rank_pattern").toString());
        assertEquals("{\"4\":2.0}", c.get("alpha_pattern").toString());
    }

    @Test
    void pissaAndOloraExportAsPlainLoraOfRankTwoROnTheOriginalBase() throws Exception {
        for (AdapterMethod method : new AdapterMethod[] {AdapterMethod.PISSA, AdapterMethod.OLORA}) {
            LoraConfig saved = LoraConfig.of(2, 4f).withMethod(method);
            JsonObject c = roundTrip(Models.RESNET, LoraTargets.linearAndConv(), p -> saved,
                    read -> p -> LoraConfig.of(4, 8f), 1e-5f);
            assertEquals(4, c.get("r").getAsInt());
            assertTrue(c.get("init_lora_weights").getAsBoolean());
            assertEquals(method.name().toLowerCase(), c.getAsJsonObject("lorabench").get("method").getAsString());
            LoraConfig rs = new LoraConfig(3, 2f, true, 0f).withMethod(method);
            roundTrip(Models.VGG, LoraTargets.allConv(), p -> rs, asRead(), 1e-5f);
        }
    }

    @Test
    void aFolderLoadsOnlyIntoTheMatchingMethod() throws Exception {
        Path dir = tmp.resolve("dora");
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build(m, Models.MLP);
            AdapterSet adapters = LoraInjector.inject(
                    block, LoraTargets.allLinear(), LoraConfig.of(2, 4f).withMethod(AdapterMethod.DORA));
            PeftAdapters.save(adapters, dir, Map.of());
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build(m, Models.MLP);
            AdapterSet plain = LoraInjector.inject(block, LoraTargets.allLinear(), LoraConfig.of(2, 4f));
            DataException e = assertThrows(DataException.class, () -> PeftAdapters.load(dir, plain));
            assertTrue(e.getMessage().contains("lora_alpha 4.0 (DoRA) but the model's adapter 0 uses 4.0"), e.getMessage());
        }
        String json = Files.readString(dir.resolve(PeftAdapters.CONFIG));
        Files.writeString(dir.resolve(PeftAdapters.CONFIG), json.replace("\"init_lora_weights\": true", "\"init_lora_weights\": \"pissa\""));
        DataException e = assertThrows(DataException.class, () -> PeftAdapters.readConfig(dir));
        assertTrue(e.getMessage().contains("init_lora_weights is \"pissa\""), e.getMessage());
    }
}
