package dev.lorabench.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.Offline;
import dev.lorabench.data.Safetensors;
import dev.lorabench.model.Architecture;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torchvision ResNet-18 state dict imports by name into lorabench's ResNet-18 and gives
 * torchvision's logits. The weights follow a formula both sides compute (see
 * tools/make_resnet18_fixture.py), so the committed fixture is a 5 KB list of names, shapes and
 * torchvision's outputs instead of a 45 MB state dict.
 */
class Resnet18FixtureTest {

    @TempDir Path tmp;

    @BeforeAll
    static void offline() {
        Offline.enforce();
    }

    /** The fixture's formula: see tools/make_resnet18_fixture.py. */
    static float[] value(String name, long[] shape) {
        int k = 0;
        for (char c : name.toCharArray()) {
            k += c;
        }
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double b = Math.sin(0.37 * i + 0.011 * k);
            double v;
            if (name.endsWith("running_var")) {
                v = 1 + 0.5 * Math.abs(b);
            } else if (name.endsWith("running_mean")) {
                v = 0.1 * b;
            } else if (shape.length >= 2) {
                v = b / Math.sqrt(n / (double) shape[0]);
            } else if (name.endsWith("weight")) {
                v = 1 + 0.1 * b;
            } else {
                v = 0.1 * b;
            }
            out[i] = (float) v;
        }
        return out;
    }

    @Test
    void torchvisionWeightsGiveTorchvisionLogits() throws Exception {
        JsonObject fixture = JsonParser.parseString(Files.readString(Path.of(
                Resnet18FixtureTest.class.getResource("/torch-fixtures/resnet18.json").toURI()))).getAsJsonObject();
        Map<String, Safetensors.Tensor> state = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : fixture.getAsJsonObject("stateDict").entrySet()) {
            JsonArray dims = e.getValue().getAsJsonArray();
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i).getAsLong();
            }
            state.put(e.getKey(), Safetensors.Tensor.of(value(e.getKey(), shape), shape));
        }
        Path file = tmp.resolve("resnet18.safetensors");
        Safetensors.write(file, state, Map.of());

        ModelSpec spec = new ModelSpec(Architecture.RESNET18, 3, 32, 32, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build(m, spec);
            assertEquals(new TreeSet<>(state.keySet()), new TreeSet<>(TorchNames.parameters(block).keySet()),
                    "the same state-dict names as torchvision");
            assertEquals(11_181_642, ModelFactory.parameterCount(block), "torchvision's count for 10 classes");
            StateDicts.load(file, block);
            float[] x = new float[2 * 3 * 32 * 32];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(0.01 * i);
            }
            float[] expected = new float[20];
            JsonArray rows = fixture.getAsJsonArray("logits");
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 10; c++) {
                    expected[r * 10 + c] = rows.get(r).getAsJsonArray().get(c).getAsFloat();
                }
            }
            assertArrayEquals(expected, Models.forward(block, spec, x), 1e-4f);
        }
    }
}
