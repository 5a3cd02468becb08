package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.lorabench.Offline;
import dev.lorabench.cli.Cli;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.MnistSmall;
import dev.lorabench.interop.PeftAdapters;
import dev.lorabench.report.RunJson;
import dev.lorabench.train.DataSource;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.train.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run --save-adapters} and the workbench's "Save adapter" are one export: the same run (the
 * same plan, hence the same seed and batches) gives byte-identical PEFT files from both.
 */
class AdapterExportParityTest {

    @TempDir Path tmp;

    @Test
    void theCliAndTheWorkbenchWriteTheSameAdapterFiles() throws Exception {
        Offline.enforce();
        String dataset = "idx:" + MnistSmall.dir();
        DatasetCache cache = new DatasetCache(tmp.resolve("cache"));
        WorkbenchViewModel vm = new WorkbenchViewModel(new WorkbenchViewModel.Services(
                Runnable::run, Runnable::run, Runnable::run, cache, DataSource.cached(cache), a -> 0));
        vm.start();
        vm.form().fill(ExperimentPlan.builder().setDataset(dataset).setBatchSize(64).setFinetuneSteps(3)
                .setRanks(List.of(1, 2)).setFull(false).build());
        ExperimentPlan plan = vm.form().plan();
        assertNotNull(plan, vm.form().problemProperty()::get);

        // The workbench: its Run (direct executors: the run happens inside run()), then "Save adapter".
        assertTrue(vm.run(), vm.statusProperty()::get);
        vm.drain();
        RunResult run = vm.selectedRunProperty().get().result();

        // The command line, with the options that give the form's plan.
        Path cliOut = tmp.resolve("cli");
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("run", "--model", plan.model().id(), "--dataset", dataset,
                "--base-epochs", "" + plan.base().epochs(), "--finetune-epochs", "" + plan.finetune().epochs(),
                "--finetune-steps", "" + plan.finetune().steps(), "--batch-size", "" + plan.batchSize(),
                "--lr", "" + plan.lr(), "--seed", "" + plan.seed(), "--ranks", "1,2", "--alpha", "" + plan.adapters().alpha(),
                "--no-full", "--targets", plan.adapters().targets().id(), "--save-adapters", "--out", cliOut.toString());
        assertEquals(0, code, err::toString);
        assertEquals(JsonParser.parseString(RunJson.toJson(run)).getAsJsonObject().get("config"),
                JsonParser.parseString(Files.readString(cliOut.resolve("run.json"))).getAsJsonObject().get("config"),
                "the same plan");

        for (String variant : List.of("lora-r1", "lora-r2")) {
            Path gui = vm.analysis().adapters().saveAdapter(variant, tmp.resolve("gui").resolve(variant)).get(60, TimeUnit.SECONDS);
            for (String file : List.of(PeftAdapters.WEIGHTS, PeftAdapters.CONFIG)) {
                assertArrayEquals(Files.readAllBytes(cliOut.resolve("adapters").resolve(variant).resolve(file)),
                        Files.readAllBytes(gui.resolve(file)), variant + "/" + file);
            }
        }
    }
}
