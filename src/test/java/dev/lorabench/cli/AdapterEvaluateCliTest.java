package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.data.MnistSmall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code lorabench adapter combine … --evaluate RUN} on a real saved run (MNIST subset, LoRA r = 2
 * and 4, DoRA r = 2): the test set and base rebuilt from the folder give the base's and a
 * variant's per-class errors that run.json recorded, strength 0 is the base, a DoRA source is
 * refused in one line, and combination.json holds what was printed.
 */
@org.junit.jupiter.api.Tag("slow") // the default build skips it; ./mvnw -Pslow verify runs it
class AdapterEvaluateCliTest extends IsolatedCacheTest {

    @Test
    void evaluateRebuildsTheRunsTestSetAndPrintsTheErrorsRunJsonRecorded() throws Exception {
        Path run = tmp.resolve("run");
        CliHarness train = new CliHarness();
        assertEquals(0, train.run("run", "--preset", "mlp-mnist", "--dataset", "idx:" + MnistSmall.dir(),
                "--train-limit", "300", "--test-limit", "200", "--batch-size", "10", "--finetune-epochs", "10",
                "--finetune-steps", "20", "--lr", "0.01", "--alpha", "8", "--variants", "lora:2,lora:4,dora:2", "--save-adapters", "--out", run.toString()),
                train::errLines);
        JsonObject record = JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject();
        List<Integer> base = ints(record.getAsJsonObject("base").getAsJsonArray("classErrors"));
        List<Integer> lora4 = null;
        for (var v : record.getAsJsonArray("variants")) {
            if (v.getAsJsonObject().get("name").getAsString().equals("lora-r4")) {
                lora4 = ints(v.getAsJsonObject().getAsJsonArray("classErrors"));
            }
        }
        assertNotEquals(base, lora4, "the adapter changes some errors, so the check has teeth");

        // One source at weight 1: the saved variant on the rebuilt run is what the run measured.
        Path one = tmp.resolve("one");
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.run("adapter", "combine", "--type", "linear", "--weights", "1", "--evaluate", run.toString(),
                "--out", one.toString(), run + ":lora-r4"), cli::errLines);
        String printed = cli.out.toString();
        assertEquals(base, column(printed, 1), printed);
        assertEquals(lora4, column(printed, 2), printed);
        JsonObject json = JsonParser.parseString(Files.readString(one.resolve("combination.json"))).getAsJsonObject();
        assertEquals(lora4, ints(json.getAsJsonObject("combined").getAsJsonArray("classErrors")));
        assertEquals(base, ints(json.getAsJsonObject("base").getAsJsonArray("classErrors")));
        List<String> csv = Files.readAllLines(one.resolve(AdapterCombine.CSV));
        assertEquals("series,class,errors,delta_vs_base", csv.get(0));
        assertEquals("combined,3," + lora4.get(3) + "," + (lora4.get(3) - base.get(3)), csv.get(1 + 10 + 3));
        assertTrue(Files.size(one.resolve(AdapterCombine.PNG)) > 0);

        // Strength 0 is the base; cat of two variants is a third model.
        Path zero = tmp.resolve("zero");
        CliHarness off = new CliHarness();
        assertEquals(0, off.run("adapter", "combine", "--type", "cat", "--weights", "1,-0.5", "--strength", "0",
                "--evaluate", run.toString(), "--out", zero.toString(), run + ":lora-r2", run + ":lora-r4"), off::errLines);
        assertEquals(base, column(off.out.toString(), 2), off.out.toString());

        // DoRA: one line, nothing written.
        Path dora = tmp.resolve("dora");
        CliHarness refused = new CliHarness();
        assertNotEquals(0, refused.run("adapter", "combine", "--type", "cat", "--weights", "1,1", "--evaluate",
                run.toString(), "--out", dora.toString(), run + ":lora-r2", run + ":dora-r2"));
        assertTrue(refused.errLines().contains("DoRA adapters cannot be combined"), refused.errLines());
        assertEquals(1, refused.errLines().lines().count(), refused.errLines());
        assertFalse(Files.exists(dora.resolve("combination.json")));
    }

    /** The class rows' column {@code index} (1: base, 2: combined) of the printed table. */
    private static List<Integer> column(String printed, int index) {
        List<Integer> values = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^(\\d+) +(\\d+) +(\\d+) +[-+]\\d+$").matcher(printed);
        while (m.find()) {
            values.add(Integer.parseInt(m.group(index + 1)));
        }
        return values;
    }

    private static List<Integer> ints(JsonArray a) {
        List<Integer> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsInt()));
        return out;
    }
}
