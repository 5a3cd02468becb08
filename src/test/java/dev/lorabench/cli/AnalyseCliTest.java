package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.analysis.IntruderDimensions;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.Svd;
import dev.lorabench.data.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lorabench analyse RUN} on a real saved run (the toy regression: one 5×10 layer, LoRA
 * ranks 1–4): it prints a row per variant, writes section7.json and the CSVs, agrees with the
 * run's own findings in run.json, and its counts match intruder dimensions recomputed here from
 * the saved files alone.
 */
class AnalyseCliTest {

    @TempDir Path tmp;

    @Test
    void analysePrintsAndWritesWhatTheRunFoundAndWhatTheFilesSay() throws Exception {
        Path run = tmp.resolve("run");
        CliHarness train = new CliHarness();
        assertEquals(0, train.run("run", "--preset", "toy-regression", "--base-epochs", "5", "--finetune-epochs", "5",
                "--section7", "--save-adapters", "--out", run.toString()), train::errLines);

        CliHarness cli = new CliHarness();
        assertEquals(0, cli.run("analyse", run.toString()), cli::errLines);
        String text = cli.out.toString();
        assertTrue(text.contains("rank pair: lora-r1 vs lora-r4 (no ranks 8 and 64 of one method"), text);
        assertTrue(text.contains("layer 0 (5x10), intruders among the top 2 at epsilon 0.5"), text);
        for (String v : List.of("lora-r1", "lora-r2", "lora-r3", "lora-r4")) {
            assertTrue(text.lines().anyMatch(l -> l.trim().startsWith(v + " ")), v + " row in\n" + text);
        }
        Path dir = run.resolve("section7");
        for (String f : List.of("section7.json", "phi.csv", "amplification.csv", "intruders.csv",
                "intruders-over-epsilon.csv", "intruder-similarity.csv")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertTrue(text.contains("wrote section7.json, phi.csv, amplification.csv"), text);
        assertTrue(Files.size(dir.resolve("phi-ranks-layer0.png")) > 0 && Files.size(dir.resolve("intruders-over-epsilon-layer0.png")) > 0);

        // The same findings as the run's own (run.json's section7, at the same k and ε), layer by layer.
        JsonObject own = JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject()
                .getAsJsonObject("section7").getAsJsonObject("layers");
        JsonObject cli7 = JsonParser.parseString(Files.readString(dir.resolve("section7.json"))).getAsJsonObject()
                .getAsJsonObject("layers");
        List<String> ownLayers = List.copyOf(own.keySet());
        List<String> cliLayers = List.copyOf(cli7.keySet());
        assertEquals(ownLayers.size(), cliLayers.size());
        for (int i = 0; i < ownLayers.size(); i++) {
            JsonObject a = own.getAsJsonObject(ownLayers.get(i));
            JsonObject b = cli7.getAsJsonObject(cliLayers.get(i));
            assertEquals(a.get("shape"), b.get("shape"));
            assertEquals(a.getAsJsonObject("phiRanks"), b.getAsJsonObject("phiRanks"));
            for (String v : List.of("lora-r1", "lora-r2", "lora-r3", "lora-r4")) {
                assertEquals(a.getAsJsonObject("intruders").getAsJsonObject(v), b.getAsJsonObject("intruders").getAsJsonObject(v), v);
            }
        }

        // Other k and ε, checked against intruders recomputed from base.safetensors and the adapter folders.
        Path other = tmp.resolve("other");
        CliHarness strict = new CliHarness();
        assertEquals(0, strict.run("analyse", run.toString(), "--k", "1", "--epsilon", "0.9", "--out", other.toString()),
                strict::errLines);
        List<String> rows = Files.readAllLines(other.resolve("intruders.csv"));
        assertEquals("layer,variant,k,epsilon,intruders,intruder_indices,best_cosines", rows.get(0));
        Matrix w = weight(Safetensors.readAll(run.resolve("base.safetensors")).get("0.weight"));
        Svd base = Svd.exact(w);
        for (int r = 1; r <= 4; r++) {
            Map<String, Safetensors.Tensor> t = Safetensors.readAll(run.resolve("adapters/lora-r" + r + "/adapter_model.safetensors"));
            Matrix a = weight(t.get("base_model.model.0.lora_A.weight"));
            Matrix b = weight(t.get("base_model.model.0.lora_B.weight"));
            double alpha = JsonParser.parseString(Files.readString(run.resolve("adapters/lora-r" + r + "/adapter_config.json")))
                    .getAsJsonObject().get("lora_alpha").getAsDouble();
            Matrix tuned = w.plus(b.times(a).scale(alpha / r));
            IntruderDimensions expected = IntruderDimensions.find(base, Svd.exact(tuned), 1, 0.9);
            String variant = "lora-r" + r;
            String row = rows.stream().filter(l -> l.startsWith("0," + variant + ",")).findFirst().orElseThrow();
            assertEquals(String.valueOf(expected.count()), row.split(",")[4], row);
        }
    }

    @Test
    void doraFoldersEnterThroughTheirRebuiltUpdateAndAgreeWithTheRunsOwn() throws Exception {
        // The run computes DoRA's W_ft − W from the live model; analyse rebuilds it from base.safetensors
        // and the folder's A, B and magnitudes: two paths to the same intruders.
        Path run = tmp.resolve("dora-run");
        CliHarness train = new CliHarness();
        assertEquals(0, train.run("run", "--preset", "toy-regression", "--base-epochs", "5", "--finetune-epochs", "5",
                "--variants", "lora:1,lora:2,dora:2", "--lr", "0.05", "--section7", "--save-adapters",
                "--out", run.toString()), train::errLines);
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.run("analyse", run.toString()), cli::errLines);
        String text = cli.out.toString();
        assertTrue(text.lines().anyMatch(l -> l.trim().startsWith("dora-r2 ")), "dora-r2 row in\n" + text);
        assertTrue(!text.contains("skipped"), text);

        JsonObject own = JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject()
                .getAsJsonObject("section7").getAsJsonObject("layers");
        JsonObject cli7 = JsonParser.parseString(Files.readString(run.resolve("section7").resolve("section7.json")))
                .getAsJsonObject().getAsJsonObject("layers");
        JsonObject a = own.getAsJsonObject(own.keySet().iterator().next()).getAsJsonObject("intruders").getAsJsonObject("dora-r2");
        JsonObject b = cli7.getAsJsonObject(cli7.keySet().iterator().next()).getAsJsonObject("intruders").getAsJsonObject("dora-r2");
        assertClose(a, b, "dora-r2");
        assertTrue(a.toString().matches(".*0\\.[0-9]*[1-9].*"), "the best cosines are numbers, not all zero: " + a);
    }

    /** Equal JSON, numbers within 1e-4 (the run works in float32 on the live model, analyse in double). */
    private static void assertClose(com.google.gson.JsonElement a, com.google.gson.JsonElement b, String where) {
        if (a.isJsonObject()) {
            assertEquals(a.getAsJsonObject().keySet(), b.getAsJsonObject().keySet(), where);
            for (String key : a.getAsJsonObject().keySet()) {
                assertClose(a.getAsJsonObject().get(key), b.getAsJsonObject().get(key), where + "." + key);
            }
        } else if (a.isJsonArray()) {
            assertEquals(a.getAsJsonArray().size(), b.getAsJsonArray().size(), where);
            for (int i = 0; i < a.getAsJsonArray().size(); i++) {
                assertClose(a.getAsJsonArray().get(i), b.getAsJsonArray().get(i), where + "[" + i + "]");
            }
        } else if (a.isJsonPrimitive() && a.getAsJsonPrimitive().isNumber()) {
            assertEquals(a.getAsDouble(), b.getAsDouble(), 1e-4, where);
        } else {
            assertEquals(a, b, where);
        }
    }

    @Test
    void aFolderThatIsNotASavedRunIsRefusedInOneLine() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        CliHarness cli = new CliHarness();
        assertEquals(3, cli.run("analyse", tmp.resolve("empty").toString()));
        assertEquals("lorabench: " + tmp.resolve("empty").resolve("run.json")
                + ": no such file (is " + tmp.resolve("empty") + " a run folder of lorabench run --out?)", cli.errLines());
    }

    private static Matrix weight(Safetensors.Tensor t) {
        int rows = (int) t.shape()[0];
        return Matrix.ofFloats(rows, t.values().length / rows, t.values());
    }
}
