package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.data.MnistSmall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code run --seeds N}: every variant trained N times, the summary's mean ± sd, run.json's seed runs. */
class SeedsCliTest extends IsolatedCacheTest {

    @Test
    void twoSeedsPrintTheMeanAndSpreadThatRunJsonRecords() throws IOException {
        Path out = tmp.resolve("run");
        CliHarness cli = new CliHarness();
        int code = cli.run("run", "--preset", "mlp-mnist", "--dataset", "idx:" + MnistSmall.dir(),
                "--train-limit", "300", "--test-limit", "100", "--batch-size", "32", "--finetune-steps", "3",
                "--ranks", "1,2", "--no-full", "--seed", "5", "--seeds", "2", "--out", out.toString());
        assertEquals(0, code, cli::errLines);
        JsonObject run = JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject();
        assertEquals(2, run.getAsJsonObject("config").get("seeds").getAsInt());
        String printed = cli.out.toString();
        assertTrue(printed.contains("over 2 seeds (5 to 6), mean ± sd:"), printed);
        for (int v = 0; v < 2; v++) {
            JsonObject variant = run.getAsJsonArray("variants").get(v).getAsJsonObject();
            JsonArray seedRuns = variant.getAsJsonArray("seedRuns");
            assertEquals(2, seedRuns.size());
            assertEquals(6, seedRuns.get(1).getAsJsonObject().get("seed").getAsLong());
            // The printed mean ± sd, recomputed from the two accuracies in run.json.
            double a = seedRuns.get(0).getAsJsonObject().get("accuracy").getAsDouble();
            double b = seedRuns.get(1).getAsJsonObject().get("accuracy").getAsDouble();
            double t0 = seedRuns.get(0).getAsJsonObject().get("targetErrors").getAsDouble();
            double t1 = seedRuns.get(1).getAsJsonObject().get("targetErrors").getAsDouble();
            String name = variant.get("name").getAsString();
            Matcher line = Pattern.compile("(?m)^" + name + " +(\\S+) ± (\\S+) +(\\S+) ± (\\S+) +0$").matcher(printed);
            assertTrue(line.find(), name + " in\n" + printed);
            assertEquals(String.format(Locale.ROOT, "%.4f", (a + b) / 2), line.group(1).replace(',', '.'));
            // Two values: the sample standard deviation is |a − b| / √2.
            assertEquals(String.format(Locale.ROOT, "%.4f", Math.abs(a - b) / Math.sqrt(2)), line.group(2).replace(',', '.'));
            assertEquals(String.format(Locale.ROOT, "%.1f", (t0 + t1) / 2), line.group(3).replace(',', '.'));
            assertEquals(String.format(Locale.ROOT, "%.1f", Math.abs(t0 - t1) / Math.sqrt(2)), line.group(4).replace(',', '.'));
        }
        // One pair, compared overall and on each of the 10 classes; the overall effect is the mean
        // over the seeds of b's errors minus a's, recomputed from the seed runs above.
        JsonArray comparisons = run.getAsJsonArray("comparisons");
        assertEquals(11, comparisons.size());
        JsonObject overall = comparisons.get(0).getAsJsonObject();
        assertEquals("overall", overall.get("scope").getAsString());
        assertEquals("lora-r1", overall.get("a").getAsString());
        assertEquals("lora-r2", overall.get("b").getAsString());
        double effect = 0;
        for (int seed = 0; seed < 2; seed++) {
            effect += (errors(run, 1, seed) - errors(run, 0, seed)) / 2.0;
        }
        assertEquals(effect, overall.get("effect").getAsDouble(), 1e-9);
        assertEquals(2, overall.get("n").getAsInt());
        assertTrue(printed.contains("  " + overall.get("sentence").getAsString()), printed);
        assertEquals(2, comparisons.get(3).getAsJsonObject().get("class").getAsInt());
    }

    /** Total test errors of variant {@code v}'s seed {@code seed} from its classErrors in run.json. */
    private static int errors(JsonObject run, int v, int seed) {
        JsonArray classErrors = run.getAsJsonArray("variants").get(v).getAsJsonObject().getAsJsonArray("seedRuns")
                .get(seed).getAsJsonObject().getAsJsonArray("classErrors");
        int sum = 0;
        for (int c = 0; c < classErrors.size(); c++) {
            sum += classErrors.get(c).getAsInt();
        }
        return sum;
    }
}
