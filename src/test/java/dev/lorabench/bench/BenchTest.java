package dev.lorabench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.cli.ExitCodes;
import dev.lorabench.data.MnistSmall;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark tool (src/bench, outside the product) end to end on a handful of real MNIST rows. */
class BenchTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int bench(String... args) {
        dev.lorabench.Offline.enforce();
        CommandLine cli = Bench.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String errLines() {
        return err.toString().strip();
    }

    @Test
    void benchReportsEveryWorkloadAsJson() {
        int code = bench("--json", "--dataset", "idx:" + MnistSmall.dir(), "--train-limit", "40",
                "--batch-sizes", "20,10", "--no-djl-adam", "--epochs", "3");
        assertEquals(0, code, this::errLines);
        JsonObject root = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertEquals(40, root.get("trainSamples").getAsInt());
        assertTrue(root.get("ceilingGflops").getAsDouble() > 0);
        JsonArray results = root.getAsJsonArray("results");
        List<String> names = new ArrayList<>();
        results.forEach(r -> names.add(r.getAsJsonObject().get("name").getAsString() + "@"
                + r.getAsJsonObject().get("batchSize").getAsInt()));
        assertEquals(List.of("gemm-2048@0", "base-epoch@20", "base-epoch@10", "lora-r1@20", "lora-r2@20",
                "lora-r3@20", "lora-r4@20", "sweep-sequential@20", "sweep-lockstep@20", "lora-stack-r1-4@20",
                "sweep-sequential@10", "sweep-lockstep@10", "lora-stack-r1-4@10"), names);
        JsonObject base = results.get(1).getAsJsonObject();
        assertEquals(2, base.get("steps").getAsInt());
        assertTrue(base.get("optimizerMs").getAsDouble() > 0);
        // Five variants, four steps each at batch 10.
        assertEquals(20, results.get(names.indexOf("sweep-lockstep@10")).getAsJsonObject().get("steps").getAsInt());
        // The four LoRA variants alone, stacked: four steps each.
        assertEquals(16, results.get(names.indexOf("lora-stack-r1-4@10")).getAsJsonObject().get("steps").getAsInt());
        assertTrue(root.getAsJsonObject("ratios").has("lockstepOverSequential@10"));
        JsonObject service = root.getAsJsonObject("service");
        assertTrue(service.get("firstLossSeconds").getAsDouble() > 0);
        assertEquals(3, service.getAsJsonArray("rssKbPerEpoch").size());
    }

    @Test
    void uiPacingStreamsEveryPointIntoTheLiveChart() {
        // Monocle headless (the surefire configuration): the workbench's own chart, a short stream.
        int code = bench("--ui", "--ui-points", "300", "--json");
        assertEquals(0, code, this::errLines);
        JsonObject root = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertEquals(5, root.get("variants").getAsInt());
        assertEquals(300, root.get("pointsPerVariant").getAsInt());
        assertTrue(root.get("frames").getAsLong() > 0, out::toString);
        assertEquals("Monocle", root.get("glass").getAsString());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, bench("--repeats", "0"));
        assertTrue(errLines().startsWith("lorabench: --repeats"), errLines());
    }
}
