package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.data.MnistSmall;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliTest extends IsolatedCacheTest {

    @Test
    void helpListsTheCommands() {
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.run("--help"));
        for (String command : new String[] {"run", "data", "doctor"}) {
            assertTrue(cli.out.toString().contains("  " + command + " "), cli.out::toString);
        }
    }

    @Test
    void doctorDescribesEngineThreadsCacheAndDatasets() {
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.run("doctor"));
        String out = cli.out.toString();
        assertTrue(out.contains("PyTorch 2.7.1"), out);
        assertTrue(out.contains("DJL 0.35.1"), out);
        assertTrue(out.contains("intra-op"), out);
        assertTrue(out.contains("native cache"), out);
        assertTrue(out.contains("mnist") && out.contains("MISSING"), out);
    }

    @Test
    void runWritesTheRecordChartsAndBaseForATinyExperiment() throws IOException {
        Path out = tmp.resolve("run");
        CliHarness cli = new CliHarness();
        int code = cli.run("run", "--preset", "mlp-mnist", "--dataset", "idx:" + MnistSmall.dir(),
                "--train-limit", "400", "--test-limit", "100", "--batch-size", "32",
                "--finetune-steps", "3", "--ranks", "1,4", "--out", out.toString());
        assertEquals(0, code, cli::errLines);
        for (String f : new String[] {"run.json", "losses.csv", "loss.png", "class-errors.png", "base.params"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonObject run = JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject();
        assertEquals("lorabench.run/1", run.get("schema").getAsString());
        assertEquals(2_807_010, run.getAsJsonObject("base").get("parameters").getAsLong());
        assertEquals(3, run.getAsJsonArray("variants").size());
        JsonObject r4 = run.getAsJsonArray("variants").get(1).getAsJsonObject();
        assertEquals("lora-r4", r4.get("name").getAsString());
        assertEquals(4 * 6_794, r4.get("trainableParameters").getAsLong());
        assertTrue(r4.get("baseUnchanged").getAsBoolean());
        assertEquals(10, r4.getAsJsonArray("classErrors").size());
        assertEquals(32, run.getAsJsonObject("config").get("batchSize").getAsInt());
        assertEquals("PyTorch", run.getAsJsonObject("environment").get("engine").getAsString());
        byte[] png = Files.readAllBytes(out.resolve("loss.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);

        // The saved base loads back as --base and gives the same base accuracy.
        Path again = tmp.resolve("again");
        CliHarness second = new CliHarness();
        assertEquals(0, second.run("run", "--preset", "mlp-mnist", "--dataset", "idx:" + MnistSmall.dir(),
                "--test-limit", "100", "--finetune-steps", "1", "--ranks", "1", "--no-full",
                "--base", out.resolve("base.params").toString(), "--out", again.toString()), second::errLines);
        JsonObject loaded = JsonParser.parseString(Files.readString(again.resolve("run.json"))).getAsJsonObject();
        assertEquals(run.getAsJsonObject("base").get("sha256"), loaded.getAsJsonObject("base").get("sha256"));
        assertEquals(run.getAsJsonObject("base").get("accuracy"), loaded.getAsJsonObject("base").get("accuracy"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--ranks|0|rank must be at least 1 but was 0",
        "--ranks|1001|rank must be in 1..1000 for the mlp model's targeted layers but was 1001",
        "--lr|-1|lr must be positive and finite but was -1.0",
        "--lr|NaN|lr must be positive and finite but was NaN",
        "--base-epochs|0|base epochs must be at least 1 but was 0",
        "--finetune-epochs|0|fine-tune epochs must be at least 1 but was 0",
        "--batch-size|0|batch size must be at least 1 but was 0",
        "--finetune-classes|10|fine-tune class must be in 0..9 but was 10",
        "--model|transformer|model must be one of mlp, resnet, vgg, resnet18, linear but was transformer",
        "--replay|1.5|replay must be in [0, 1] but was 1.5",
        "--seeds|0|seeds must be in 1..20 but was 0",
        "--seeds|21|seeds must be in 1..20 but was 21",
    })
    void badValuesGiveOneLineExitTwoAndWriteNothing(String option, String value, String message) {
        Path out = tmp.resolve("never");
        CliHarness cli = new CliHarness();
        int code = cli.run("run", "--dataset", "idx:" + MnistSmall.dir(), "--train-limit", "100",
                "--test-limit", "50", option, value, "--out", out.toString());
        assertEquals(2, code);
        assertEquals("lorabench: " + message, cli.errLines());
        assertFalse(Files.exists(out), "nothing may be written");
    }

    @Test
    void anUnwritableOutputIsRefusedBeforeAnyWork() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.run("run", "--dataset", "idx:" + MnistSmall.dir(), "--out", file.resolve("sub").toString()));
        assertEquals("lorabench: cannot write to --out " + file.resolve("sub") + ": " + file + " is a file, not a folder",
                cli.errLines());
    }

    /**
     * Every output the run would write is checked before the data is read: a refused one gives
     * exit 2 and one line naming the option and the path, and the run never starts (no ledger
     * entry, nothing new in the output folder).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "out under /proc|/proc/lorabench-never/run|||--out /proc/lorabench-never/run: cannot create folder /proc/lorabench-never (no such file or directory)",
        "run.json is a folder|DIR||folder:run.json|--out DIR: DIR/run.json is a folder",
        "adapters is a file|DIR|--save-adapters|file:adapters|--save-adapters DIR/adapters: it is a file, not a folder",
        "base.safetensors is a folder|DIR|--export-base-safetensors|folder:base.safetensors|--export-base-safetensors DIR/base.safetensors: it is a folder",
    })
    void anOutputThatCannotBeWrittenIsRefusedBeforeTheRunStarts(String name, String outArg, String option, String plant,
            String message) throws IOException {
        Path dir = tmp.resolve("existing-run");
        Files.createDirectories(dir);
        if (plant != null) {
            String what = plant.substring(plant.indexOf(':') + 1);
            if (plant.startsWith("folder:")) {
                Files.createDirectories(dir.resolve(what));
            } else {
                Files.writeString(dir.resolve(what), "not a folder");
            }
        }
        java.util.Set<String> before;
        try (var listed = Files.list(dir)) {
            before = listed.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
        String saved = System.getProperty("lorabench.data.dir");
        System.setProperty("lorabench.data.dir", tmp.resolve("data").toString());
        try {
            CliHarness cli = new CliHarness();
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--preset", "mlp-mnist",
                    "--dataset", "idx:" + MnistSmall.dir(), "--train-limit", "200", "--test-limit", "50",
                    "--batch-size", "50", "--base-epochs", "1", "--finetune-steps", "1", "--ranks", "1", "--no-full",
                    "--out", outArg.replace("DIR", dir.toString())));
            if (option != null) {
                args.add(option);
            }
            int code = cli.run(args.toArray(String[]::new));
            assertEquals("lorabench: cannot write to " + message.replace("DIR", dir.toString()), cli.errLines());
            assertEquals(2, code);
            Path ledger = tmp.resolve("data").resolve("ledger");
            assertTrue(!Files.exists(ledger) || dev.lorabench.report.RunLedger.open(ledger).entries().isEmpty(),
                    "the run was never started, so the ledger has no entry");
            try (var listed = Files.list(dir)) {
                assertEquals(before, listed.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
                        "nothing written into the output folder");
            }
        } finally {
            if (saved == null) {
                System.clearProperty("lorabench.data.dir");
            } else {
                System.setProperty("lorabench.data.dir", saved);
            }
        }
    }

    @Test
    void aBaseFileOfAnotherModelIsRefusedWithExitTwo() throws IOException {
        Path bogus = Files.write(tmp.resolve("bogus.params"), new byte[] {1, 2, 3});
        CliHarness cli = new CliHarness();
        int code = cli.run("run", "--dataset", "idx:" + MnistSmall.dir(), "--test-limit", "50",
                "--base", bogus.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, code);
        assertEquals("lorabench: " + bogus + ": not a lorabench base parameter file", cli.errLines());
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void aMissingDatasetIsADataErrorNamingTheFetchCommand() {
        CliHarness cli = new CliHarness();
        int code = cli.run("run", "--dataset", "fashion-mnist", "--out", tmp.resolve("o").toString());
        assertEquals(3, code);
        assertTrue(cli.errLines().contains("lorabench data fetch fashion-mnist"), cli::errLines);
        assertEquals(1, cli.errLines().lines().count());
    }

    @Test
    void fetchFromAFolderWithATruncatedFileIsRefusedNamingItAndCachesNothing() throws IOException {
        Path from = tmp.resolve("from");
        Files.createDirectories(from);
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(MnistSmall.dir().resolve(name + ".gz")));
                    OutputStream o = Files.newOutputStream(from.resolve(name))) {
                byte[] all = in.readAllBytes();
                o.write(all, 0, name.startsWith("train-images") ? all.length - 1000 : all.length);
            }
        }
        CliHarness cli = new CliHarness();
        assertEquals(3, cli.run("data", "fetch", "mnist", "--from", from.toString()));
        String err = cli.errLines();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("train-images-idx3-ubyte") && err.contains("truncated"), err);
        CliHarness status = new CliHarness();
        assertEquals(0, status.run("data", "status"));
        assertTrue(status.out.toString().contains("MISSING"));
        assertEquals(3, new CliHarness().run("data", "verify", "mnist"));
    }

    @Test
    void unknownDatasetForFetchNamesTheValidOnes() {
        CliHarness cli = new CliHarness();
        assertEquals(3, cli.run("data", "fetch", "cifar"));
        assertTrue(cli.errLines().contains("mnist") && cli.errLines().contains("fashion-mnist"), cli::errLines);
    }
}
