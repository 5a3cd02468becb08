package dev.lorabench.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.analysis.AdapterAlgebra;
import dev.lorabench.analysis.AdapterCombination;
import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.CombinationType;
import dev.lorabench.analysis.CombinedAdapter;
import dev.lorabench.analysis.DropMasks;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.SignElection;
import dev.lorabench.data.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every combination type against PEFT's own {@code add_weighted_adapter} of the same adapter folders
 * (tools/make_peft_combine_fixtures.py, committed under src/test/resources/peft-combine; DARE
 * replays the masks PEFT drew), and the result saved in PEFT's layout and read back.
 */
class PeftCombineFixtureTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir Path tmp;

    private static Path fixtures() throws Exception {
        return Path.of(PeftCombineFixtureTest.class.getResource("/peft-combine/cases.json").toURI()).getParent();
    }

    static Stream<String> cases() throws Exception {
        JsonObject all = JsonParser.parseString(Files.readString(fixtures().resolve("cases.json"))).getAsJsonObject();
        List<String> names = new ArrayList<>();
        all.getAsJsonArray("cases").forEach(c -> names.add(c.getAsJsonObject().get("name").getAsString()));
        return names.stream();
    }

    private static JsonObject caseNamed(String name) throws Exception {
        JsonObject all = JsonParser.parseString(Files.readString(fixtures().resolve("cases.json"))).getAsJsonObject();
        for (JsonElement c : all.getAsJsonArray("cases")) {
            if (c.getAsJsonObject().get("name").getAsString().equals(name)) {
                return c.getAsJsonObject();
            }
        }
        throw new IllegalArgumentException("no case " + name);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void lorabenchCombinesAsPeftDoes(String name) throws Exception {
        JsonObject c = caseNamed(name);
        Map<String, Safetensors.Tensor> expected = Safetensors.readAll(fixtures().resolve("expected.safetensors"));
        List<AdapterFactors> adapters = new ArrayList<>();
        Map<String, PeftFactors.ModuleShape> shapes = new HashMap<>();
        for (JsonElement a : c.getAsJsonArray("adapters")) {
            PeftFactors.Folder folder = PeftFactors.read(fixtures().resolve(a.getAsString()));
            adapters.add(folder.factors());
            folder.shapes().forEach(shapes::putIfAbsent);
        }
        CombinedAdapter combined = AdapterAlgebra.combine(adapters, combination(c, expected));

        Map<String, Matrix> peft = new HashMap<>();
        String prefix = name + "/delta/";
        expected.forEach((key, t) -> {
            if (key.startsWith(prefix)) {
                long[] s = t.shape();
                peft.put(key.substring(prefix.length()), Matrix.ofFloats((int) s[0], (int) s[1], t.values()));
            }
        });
        assertEquals(peft.keySet(), combined.adapter().layers().keySet(), "adapted modules");
        for (Map.Entry<String, LoraFactors> e : combined.adapter().layers().entrySet()) {
            double diff = e.getValue().delta().maxAbsDifference(peft.get(e.getKey()));
            assertTrue(diff <= TOLERANCE, name + " " + e.getKey() + ": max |PEFT − lorabench| = " + diff);
        }

        Path saved = tmp.resolve(name);
        PeftFactors.save(saved, combined.adapter(), shapes, Map.of("combination", name));
        AdapterFactors back = PeftFactors.read(saved).factors();
        for (Map.Entry<String, LoraFactors> e : back.layers().entrySet()) {
            double diff = e.getValue().delta().maxAbsDifference(peft.get(e.getKey()));
            assertTrue(diff <= TOLERANCE, name + " " + e.getKey() + " saved and read back: " + diff);
        }
    }

    private static AdapterCombination combination(JsonObject c, Map<String, Safetensors.Tensor> expected) {
        CombinationType type = CombinationType.byPeftName(c.get("type").getAsString());
        JsonArray w = c.getAsJsonArray("weights");
        double[] weights = new double[w.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = w.get(i).getAsDouble();
        }
        AdapterCombination.Builder b = AdapterCombination.builder(type).setWeights(weights);
        if (c.has("density")) {
            b.optDensity(c.get("density").getAsDouble());
        }
        if (c.has("svd_rank")) {
            b.optSvdRank(c.get("svd_rank").getAsInt());
        }
        if (c.has("svd_clamp")) {
            b.optSvdClamp(c.get("svd_clamp").getAsDouble());
        }
        if (c.has("majority_sign")) {
            b.optElection(SignElection.byPeftName(c.get("majority_sign").getAsString()));
        }
        if (type.merge().random()) {
            Map<DropMasks.Site, Matrix> masks = new HashMap<>();
            String prefix = c.get("name").getAsString() + "/mask/";
            expected.forEach((key, t) -> {
                if (key.startsWith(prefix)) {
                    long[] s = t.shape();
                    masks.put(DropMasks.Site.ofKey(key.substring(prefix.length())),
                            Matrix.ofFloats((int) s[0], (int) s[1], t.values()));
                }
            });
            b.optMasks(DropMasks.recorded(masks));
        }
        return b.build();
    }
}
