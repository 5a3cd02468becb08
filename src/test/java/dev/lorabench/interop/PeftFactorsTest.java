package dev.lorabench.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.DropMasks;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.data.DataException;
import dev.lorabench.data.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adapter folders read as plain factors and factors saved back in PEFT's layout. */
class PeftFactorsTest {

    @TempDir Path tmp;

    private static final PeftFactors.ModuleShape CONV = new PeftFactors.ModuleShape(new long[] {2, 3, 3, 3},
            new long[] {4, 2, 1, 1});
    private static final PeftFactors.ModuleShape LINEAR = new PeftFactors.ModuleShape(new long[] {2, 6},
            new long[] {5, 2});

    @Test
    void savedFactorsReadBackWithTheirScalesRanksAndShapes() throws Exception {
        Map<String, LoraFactors> layers = new LinkedHashMap<>();
        layers.put("features.0", new LoraFactors(Matrix.gaussian(2, 27, 1), Matrix.gaussian(4, 2, 2), 1));
        // rank 3 and a negative scale (a subtracted adapter after the strength slider)
        layers.put("classifier.1", new LoraFactors(Matrix.gaussian(3, 6, 3), Matrix.gaussian(5, 3, 4), -0.5));
        AdapterFactors adapter = new AdapterFactors(layers, 3);
        Path dir = tmp.resolve("combined");
        PeftFactors.save(dir, adapter, Map.of("features.0", CONV, "classifier.1", LINEAR), Map.of("combination", "cat"));

        PeftFactors.Folder back = PeftFactors.read(dir);
        PeftAdapters.AdapterConfig config = back.config();
        assertEquals(2, config.r(), "the first module's rank");
        assertEquals(2f, config.alpha(), "scale 1 at rank 2");
        assertFalse(config.rsLora());
        assertEquals(Map.of("classifier.1", 3), config.rankPattern());
        assertEquals(Map.of("classifier.1", 1.5f), config.alphaPattern(), "|−0.5|·3");
        assertEquals("cat", config.lorabench().get("combination"));
        assertEquals(3, back.factors().rank());
        assertArrayEquals(new long[] {2, 3, 3, 3}, back.shapes().get("features.0").aShape());
        assertArrayEquals(new long[] {5, 3}, back.shapes().get("classifier.1").bShape());
        for (String layer : layers.keySet()) {
            double diff = back.factors().layers().get(layer).delta().maxAbsDifference(layers.get(layer).delta());
            assertTrue(diff < 1e-5, layer + ": ΔW differs by " + diff + " after the float round trip");
        }
        try (Safetensors.Reader r = Safetensors.open(dir.resolve(PeftAdapters.WEIGHTS))) {
            assertArrayEquals(new long[] {4, 2, 1, 1}, r.entry(PeftAdapters.key("features.0", "lora_B")).shape());
        }
    }

    @Test
    void scalesFollowRsLoraAndThePatternsAndTheRankIsPeftsLargest() throws Exception {
        Path dir = tmp.resolve("rs");
        Files.createDirectories(dir);
        Safetensors.write(dir.resolve(PeftAdapters.WEIGHTS), Map.of(
                PeftAdapters.key("fc1", "lora_A"), Safetensors.Tensor.of(new float[8], 4, 2),
                PeftAdapters.key("fc1", "lora_B"), Safetensors.Tensor.of(new float[12], 3, 4),
                PeftAdapters.key("fc2", "lora_A"), Safetensors.Tensor.of(new float[18], 9, 2),
                PeftAdapters.key("fc2", "lora_B"), Safetensors.Tensor.of(new float[9], 1, 9)), Map.of());
        Files.writeString(dir.resolve(PeftAdapters.CONFIG), "{\"peft_type\": \"LORA\", \"r\": 4, \"lora_alpha\": 8,"
                + " \"use_rslora\": true, \"target_modules\": [\"fc1\", \"fc2\"],"
                + " \"rank_pattern\": {\"fc2\": 9}, \"alpha_pattern\": {\"fc2\": 6}}");
        PeftFactors.Folder folder = PeftFactors.read(dir);
        assertEquals(8 / Math.sqrt(4), folder.factors().layers().get("fc1").scale(), 1e-12, "8/√4");
        assertEquals(6 / Math.sqrt(9), folder.factors().layers().get("fc2").scale(), 1e-12, "6/√9");
        assertEquals(9, folder.factors().rank(), "max(r, rank_pattern)");
    }

    @Test
    void doraAndStrayTensorsAreRefused() throws Exception {
        Path dora = tmp.resolve("dora");
        Files.createDirectories(dora);
        Safetensors.write(dora.resolve(PeftAdapters.WEIGHTS), Map.of(
                PeftAdapters.key("fc", "lora_A"), Safetensors.Tensor.of(new float[4], 2, 2),
                PeftAdapters.key("fc", "lora_B"), Safetensors.Tensor.of(new float[4], 2, 2),
                PeftAdapters.magnitudeKey("fc"), Safetensors.Tensor.of(new float[2], 2)), Map.of());
        Files.writeString(dora.resolve(PeftAdapters.CONFIG), "{\"peft_type\": \"LORA\", \"r\": 2, \"lora_alpha\": 2,"
                + " \"use_dora\": true, \"target_modules\": [\"fc\"]}");
        DataException e = assertThrows(DataException.class, () -> PeftFactors.read(dora));
        assertTrue(e.getMessage().endsWith("use_dora is true; DoRA adapters cannot be combined"
                + " (their magnitude vectors do not add up)"), e.getMessage());

        Files.writeString(dora.resolve(PeftAdapters.CONFIG), "{\"peft_type\": \"LORA\", \"r\": 2, \"lora_alpha\": 2,"
                + " \"target_modules\": [\"fc\"]}");
        DataException stray = assertThrows(DataException.class, () -> PeftFactors.read(dora));
        assertTrue(stray.getMessage().contains("unexpected tensor " + PeftAdapters.magnitudeKey("fc")), stray.getMessage());
    }

    @Test
    void masksRoundTripBySite() throws Exception {
        Map<DropMasks.Site, Matrix> masks = new LinkedHashMap<>();
        masks.put(new DropMasks.Site("features.0", DropMasks.Part.LORA_A, 0), Matrix.of(1, 3, 1, 0, 1));
        masks.put(new DropMasks.Site("fc", DropMasks.Part.DELTA, 2), Matrix.of(2, 1, 0, 1));
        Path file = tmp.resolve(PeftFactors.MASKS);
        PeftFactors.saveMasks(file, masks);
        Map<DropMasks.Site, Matrix> back = PeftFactors.readMasks(file);
        assertEquals(masks.keySet(), back.keySet());
        for (DropMasks.Site s : masks.keySet()) {
            assertArrayEquals(masks.get(s).values(), back.get(s).values(), s.key());
        }
        Safetensors.write(file, Map.of("fc.delta.0", Safetensors.Tensor.of(new float[] {0.5f}, 1, 1)), Map.of());
        DataException e = assertThrows(DataException.class, () -> PeftFactors.readMasks(file));
        assertTrue(e.getMessage().endsWith("mask fc.delta.0 holds 0.5; masks hold only 0 and 1"), e.getMessage());
        assertEquals(List.of("fc.delta.0"), List.copyOf(Safetensors.readAll(file).keySet()));
    }
}
