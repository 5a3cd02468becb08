package dev.lorabench.cli;

import dev.lorabench.data.DataException;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.io.OutputCheck;
import dev.lorabench.report.RunLedger;
import dev.lorabench.report.RunReport;
import dev.lorabench.train.BaseCache;
import dev.lorabench.train.DataSource;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.PlanField;
import dev.lorabench.plan.Presets;
import dev.lorabench.train.RunFailure;
import dev.lorabench.train.RunOptions;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.TrainingService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lorabench run}: one experiment, headless, with a progress bar; writes the run's files. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = PlanOptions.class,
        description = {"Train or load a base, fine-tune LoRA ranks and a full baseline.",
            "Writes run.json, losses.csv, loss.png, class-errors.png (mse.png for",
            "regression) and base.params into --out."})
final class RunCommand implements Callable<Integer> {

    static final String BASE_FILE = "base.params";

    @Spec CommandSpec spec;

    // The plan's options (--preset, --model, --ranks, …) come from the plan table: see PlanOptions.

    @Option(names = "--save-adapters", description = "also write adapters/<variant>/ (PEFT layout), base.safetensors and check/ into --out")
    boolean saveAdapters;

    @Option(names = "--export-base-safetensors", description = "also write the base as a PyTorch state dict, base.safetensors")
    boolean exportBase;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: ./runs/<time>)")
    Path out;

    @Option(names = "--no-base-cache", description = "train the base even if the base cache has it, and do not keep it there")
    boolean noBaseCache;

    @Option(names = "--full-test-analysis", description = "run the truncation curve and the merge checks on the"
            + " whole test set (default: a class-stratified subset of 2,000 rows; docs/benchmarks.md, \"Cheap analysis\")")
    boolean fullTestAnalysis;

    @Override
    public Integer call() throws IOException, DataException, RunFailure, InterruptedException {
        ExperimentPlan plan = plan();
        Path dir = out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        checkOutputs(dir, plan);
        if (plan.base().file() != null && !Files.isRegularFile(plan.base().file())) {
            throw new IllegalArgumentException("--base " + plan.base().file() + " does not exist");
        }

        RunLedger ledger = RunLedger.atDefaultLocation();
        RunLedger.Entry entry = ledger.started(describe(plan), dir);
        // Closed only after the ledger has the outcome: a shutdown waits for that write.
        try (CancelOnShutdown shutdown = new CancelOnShutdown()) {
            try {
                return execute(plan, dir, ledger, entry, shutdown);
            } catch (RunFailure f) {
                ledger.ended(entry, f instanceof RunFailure.Cancelled ? "cancelled" : "failed", f.getMessage());
                throw f;
            } catch (RuntimeException | IOException | DataException e) {
                ledger.ended(entry, "failed", e.getMessage());
                throw e;
            }
        }
    }

    private Integer execute(ExperimentPlan plan, Path dir, RunLedger ledger, RunLedger.Entry entry,
            CancelOnShutdown shutdown) throws IOException, DataException, RunFailure, InterruptedException {
        TerminalProgress progress = new TerminalProgress(System.err, System.console() != null);
        // The run is queued, then runs on this thread once a shutdown (Ctrl-C) can cancel it.
        List<Runnable> queued = new ArrayList<>();
        Path cacheRoot = DatasetCache.defaultRoot();
        TrainingService service = new TrainingService(
                queued::add, DataSource.cached(new DatasetCache(cacheRoot)), BaseCache.under(cacheRoot));
        TrainingService.RunHandle handle = service.start(plan, progress::on, new RunOptions(!noBaseCache, fullTestAnalysis));
        shutdown.cancels(handle);
        queued.forEach(Runnable::run);
        RunResult result;
        try {
            result = handle.await();
        } finally {
            System.err.println();
        }
        List<Path> files = RunReport.write(result, dir);
        AtomicWrite.writeBytes(dir.resolve(BASE_FILE), result.artifacts().baseParameters());
        List<String> exported = new RunExports(dir, saveAdapters, exportBase).write(result.artifacts());
        ledger.ended(entry, "finished", null);
        PrintWriter w = spec.commandLine().getOut();
        RunSummary.print(w, result);
        w.printf("wrote %s (%s, %s%s)%n", dir.toAbsolutePath(),
                String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList()), BASE_FILE,
                exported.isEmpty() ? "" : ", " + String.join(", ", exported));
        w.flush();
        return ExitCodes.OK;
    }

    static String describe(ExperimentPlan plan) {
        if (!plan.adapters().listed().isEmpty()) {
            return plan.preset() + ": " + plan.model().id() + " on " + plan.dataset() + ", variants " + plan.variants();
        }
        return plan.preset() + ": " + plan.model().id() + " on " + plan.dataset() + ", ranks " + plan.adapters().ranks()
                + (plan.adapters().full() ? " + full" : "");
    }

    /** The effective plan: the preset's values, then every option given explicitly. */
    ExperimentPlan plan() {
        String preset = (String) PlanOptions.given(spec, PlanField.PRESET);
        ExperimentPlan.Builder b = preset != null ? Presets.get(preset) : ExperimentPlan.builder();
        for (PlanField f : PlanField.values()) {
            Object value = PlanOptions.given(spec, f);
            if (value != null) {
                f.apply(b, value);
            }
        }
        if (PlanOptions.given(spec, PlanField.DATASET) == null
                && "linear".equals(PlanOptions.given(spec, PlanField.MODEL))) {
            b.setDataset("synthetic");
        }
        if (PlanOptions.given(spec, PlanField.BASE_FILE) != null) {
            // A loaded base is used as it is unless base epochs are asked for explicitly.
            Integer epochs = (Integer) PlanOptions.given(spec, PlanField.BASE_EPOCHS);
            b.setBaseEpochs(epochs != null ? epochs : 0);
        }
        return b.build();
    }

    /**
     * Refuses, before any work, an output the run could not write: the {@code --out} folder and
     * every file in it, and what {@code --save-adapters} and {@code --export-base-safetensors} add.
     */
    void checkOutputs(Path dir, ExperimentPlan plan) {
        OutputCheck.folder("--out", dir, RunReport.RUN_JSON, RunReport.LOSSES_CSV, RunReport.LOSS_PNG,
                RunReport.CLASS_ERRORS_PNG, RunReport.MSE_PNG, RunReport.DELTAW_TIMELINE_JSON, BASE_FILE);
        new RunExports(dir, saveAdapters, exportBase).checkOutputs(RunExports.folders(plan));
    }
}
