package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.data.MnistSmall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code run --preset pair-mnist}: the task-pair block of the summary says what run.json's taskPair holds. */
@org.junit.jupiter.api.Tag("slow") // the default build skips it; ./mvnw -Pslow verify runs it
class TaskPairCliTest extends IsolatedCacheTest {

    @Test
    void thePairPresetPrintsEachAdaptersErrorsByTask() throws IOException {
        Path out = tmp.resolve("run");
        CliHarness cli = new CliHarness();
        int code = cli.run("run", "--preset", "pair-mnist", "--dataset", "idx:" + MnistSmall.dir(),
                "--train-limit", "300", "--test-limit", "100", "--batch-size", "32", "--finetune-steps", "3",
                "--variants", "lora:2", "--out", out.toString());
        assertEquals(0, code, cli::errLines);
        JsonObject run = JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject();
        assertEquals("3,6,8", run.getAsJsonObject("config").get("finetuneClasses").getAsString());
        assertEquals("1,7", run.getAsJsonObject("config").get("companionClasses").getAsString());
        JsonObject pair = run.getAsJsonObject("taskPair");
        String printed = cli.out.toString();
        assertTrue(printed.contains("task pair: A on classes [3, 6, 8], B on [1, 7] ("
                + pair.get("companionSamples").getAsInt() + " rows)"), printed);
        var adapters = pair.getAsJsonArray("variants").get(0).getAsJsonObject().getAsJsonArray("adapters");
        assertEquals(6, adapters.size());
        for (var a : adapters) {
            JsonObject o = a.getAsJsonObject();
            String name = o.get("adapter").getAsString();
            Matcher line = Pattern.compile("(?m)^lora-r2 +" + name + " +(\\d+) +\\S+ +(\\d+) +(\\d+) +(\\d+)$")
                    .matcher(printed);
            assertTrue(line.find(), name + " in\n" + printed);
            assertEquals(o.get("rank").getAsInt(), Integer.parseInt(line.group(1)));
            assertEquals(o.get("mainErrors").getAsInt(), Integer.parseInt(line.group(2)));
            assertEquals(o.get("companionErrors").getAsInt(), Integer.parseInt(line.group(3)));
            assertEquals(o.get("restErrors").getAsInt(), Integer.parseInt(line.group(4)));
        }
    }
}
