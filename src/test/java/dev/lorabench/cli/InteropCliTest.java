package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.data.FolderSets;
import dev.lorabench.data.Safetensors;
import dev.lorabench.interop.Logits;
import dev.lorabench.interop.PeftAdapters;
import dev.lorabench.interop.StateDicts;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.lora.LoraTargets;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * run --dataset folder:, --save-adapters, --base *.safetensors and adapter info, end to end; in a
 * temporary cache, so trained bases are not kept in the developer's (ADR 0025).
 */
class InteropCliTest extends IsolatedCacheTest {

    @Test
    void aStateDictForOtherClassesBecomesABaseWithANewHead() throws Exception {
        // Weights of the small ResNet for 5 classes, as another tool would have saved them.
        ModelSpec five = new ModelSpec(dev.lorabench.model.Architecture.RESNET, 1, 28, 28, 5);
        Path weights = tmp.resolve("resnet5.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(five);
            block.initialize(m, DataType.FLOAT32, five.batchShape(1));
            StateDicts.export(block, five, weights);
        }
        Path data = FolderSets.write(tmp.resolve("digits"), new int[] {0, 1, 7}, new String[] {"zero", "one", "seven"}, 12);
        String[] common = {"run", "--model", "resnet", "--dataset", "folder:" + data, "--batch-size", "8",
            "--base", weights.toString(), "--finetune-steps", "2", "--ranks", "1", "--no-full"};

        CliHarness refused = new CliHarness();
        List<String> args = new java.util.ArrayList<>(List.of(common));
        args.addAll(List.of("--out", tmp.resolve("refused").toString()));
        assertEquals(2, refused.run(args.toArray(String[]::new)));
        // One line naming the file and both shapes, the 5 classes it holds against the 3 folders.
        assertEquals("lorabench: " + weights + ": weights are for resnet 1x28x28->5 but the run uses resnet 1x28x28->3",
                refused.errLines());
        assertTrue(Files.notExists(tmp.resolve("refused").resolve("run.json")), "a refused run writes no results");

        CliHarness cli = new CliHarness();
        args = new java.util.ArrayList<>(List.of(common));
        args.addAll(List.of("--new-head", "--base-epochs", "1", "--out", tmp.resolve("head").toString()));
        assertEquals(0, cli.run(args.toArray(String[]::new)), cli::errLines);
        JsonObject run = JsonParser.parseString(Files.readString(tmp.resolve("head").resolve("run.json"))).getAsJsonObject();
        JsonObject base = run.getAsJsonObject("base");
        assertTrue(base.get("trained").getAsBoolean(), "the loaded base was trained on (its new head)");
        assertTrue(base.getAsJsonArray("losses").size() > 0);
        assertEquals(3, base.getAsJsonArray("classErrors").size());
        assertTrue(run.getAsJsonObject("config").get("newHead").getAsBoolean());
    }

    @Test
    void folderRunTracksValidationLossAndStopsEarly() throws Exception {
        Path out = tmp.resolve("val");
        runMlp(threeDigits(), out, "--batch-size", "8",
                "--finetune-classes", "0,1,2", "--finetune-epochs", "30", "--lr", "0.01", "--early-stopping", "2",
                "--split", "0.6,0.2", "--ranks", "1", "--no-full");
        JsonObject r1 = JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject()
                .getAsJsonArray("variants").get(0).getAsJsonObject();
        int epochs = r1.getAsJsonArray("validationLosses").size();
        assertTrue(epochs >= 1, r1::toString);
        // 30 epochs at lr 0.01 on 12 rows per class overfit quickly: patience 2 must end it early.
        assertTrue(r1.has("stoppedEarlyAfterEpoch"), () -> "ran all " + epochs + " epochs");
        assertEquals(r1.get("stoppedEarlyAfterEpoch").getAsInt(), epochs);
        assertTrue(r1.get("status").getAsString().startsWith("stopped early after epoch"));
    }

    @Test
    void folderRunExportsAdaptersThatReloadAndABaseThatImports() throws Exception {
        Path data = threeDigits();
        Path out = tmp.resolve("run");
        runMlp(data, out, "--batch-size", "16",
                "--finetune-steps", "3", "--ranks", "2", "--no-full", "--save-adapters");
        JsonObject run = JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject();
        assertEquals("[\"one\",\"seven\",\"zero\"]", run.get("classNames").toString());
        for (String f : List.of("base.safetensors", "adapters/lora-r2/adapter_config.json",
                "adapters/lora-r2/adapter_model.safetensors", "check/inputs.safetensors", "check/logits.safetensors")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }

        // The exported files rebuild lorabench's own outputs without the run.
        Map<String, Safetensors.Tensor> inputs = Safetensors.readAll(out.resolve("check/inputs.safetensors"));
        Map<String, Safetensors.Tensor> logits = Safetensors.readAll(out.resolve("check/logits.safetensors"));
        assertEquals(List.of("base", "lora-r2"), List.copyOf(logits.keySet()));
        Safetensors.Tensor x = inputs.get("inputs");
        assertEquals(RunExports.CHECK_ROWS, x.shape()[0]); // 3 classes × 3 test images, first 8 kept
        ModelSpec spec = ModelSpec.forImages(dev.lorabench.model.Architecture.MLP, 1, 28, 28, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(spec);
            block.initialize(m, DataType.FLOAT32, spec.batchShape(1));
            StateDicts.load(out.resolve("base.safetensors"), block);
            int rows = (int) x.shape()[0];
            assertArrayEquals(logits.get("base").values(), Logits.of(block, x.values(), rows, 784), 1e-6f);
            Path adapterDir = out.resolve("adapters/lora-r2");
            AdapterSet adapters = LoraInjector.inject(block, LoraTargets.allLinear(),
                    PeftAdapters.readConfig(adapterDir).loraConfig());
            PeftAdapters.load(adapterDir, adapters);
            assertArrayEquals(logits.get("lora-r2").values(), Logits.of(block, x.values(), rows, 784), 1e-6f);
        }

        CliHarness info = new CliHarness();
        assertEquals(0, info.run("adapter", "info", out.resolve("adapters/lora-r2").toString()), info::errLines);
        String text = info.out.toString();
        assertTrue(text.contains("r        2"), text);
        assertTrue(text.contains("targets  0, 2, 4"), text);
        assertTrue(text.contains("base_model.model.2.lora_B.weight") && text.contains("[2000, 2]"), text);
        assertTrue(text.contains("trainable " + String.format("%,d", 2 * (784 + 1000 + 1000 + 2000 + 2000 + 3))), text);

        // base.safetensors is accepted as --base and gives the same base (same digest and accuracy).
        Path again = tmp.resolve("again");
        runMlp(data, again, "--finetune-steps", "1", "--ranks", "1", "--no-full",
                "--base", out.resolve("base.safetensors").toString());
        JsonObject loaded = JsonParser.parseString(Files.readString(again.resolve("run.json"))).getAsJsonObject();
        assertEquals(run.getAsJsonObject("base").get("sha256"), loaded.getAsJsonObject("base").get("sha256"));
        assertEquals(run.getAsJsonObject("base").get("accuracy"), loaded.getAsJsonObject("base").get("accuracy"));
    }

    @Test
    void aBadFolderDatasetIsADataErrorOfOneLine() throws IOException {
        Path data = FolderSets.write(tmp.resolve("digits"), new int[] {0, 1}, new String[] {"a", "b"}, 5);
        Files.writeString(data.resolve("b/readme.txt"), "hello");
        CliHarness cli = new CliHarness();
        assertEquals(3, cli.run("run", "--dataset", "folder:" + data, "--out", tmp.resolve("o").toString()));
        assertEquals("lorabench: " + data.resolve("b/readme.txt") + ": not a PNG or JPEG image", cli.errLines());
    }

    @Test
    void adapterInfoOnAFolderWithoutAdaptersIsADataError() {
        CliHarness cli = new CliHarness();
        assertEquals(3, cli.run("adapter", "info", tmp.toString()));
        assertEquals("lorabench: " + tmp.resolve("adapter_config.json") + ": no such file (is " + tmp
                + " an adapter folder?)", cli.errLines());
    }

    @Test
    void aSafetensorsBaseOfAnotherModelIsRefusedWithExitTwo() throws IOException {
        Path data = FolderSets.write(tmp.resolve("digits"), new int[] {0, 1}, new String[] {"a", "b"}, 10);
        Path bad = tmp.resolve("other.safetensors");
        Safetensors.write(bad, Map.of("fc.weight", Safetensors.Tensor.of(new float[2], 2, 1)), Map.of());
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.run("run", "--dataset", "folder:" + data, "--ranks", "1", "--base", bad.toString(),
                "--out", tmp.resolve("o").toString()));
        assertEquals("lorabench: " + bad + ": missing tensor 0.weight", cli.errLines());
    }

    /** An image folder of three digit classes, 20 images each. */
    private Path threeDigits() {
        return FolderSets.write(tmp.resolve("digits"), new int[] {0, 1, 7}, new String[] {"zero", "one", "seven"}, 20);
    }

    /** {@code lorabench run} of the mlp on the image folder {@code data} with {@code options}, into {@code out}; it must succeed. */
    private static void runMlp(Path data, Path out, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--model", "mlp", "--dataset", "folder:" + data));
        args.addAll(List.of(options));
        args.addAll(List.of("--out", out.toString()));
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.run(args.toArray(String[]::new)), cli::errLines);
    }
}
