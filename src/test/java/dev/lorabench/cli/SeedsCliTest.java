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
    }
}
