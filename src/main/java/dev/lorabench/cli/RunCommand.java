package dev.lorabench.cli;

import dev.lorabench.data.DataException;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.AtomicWrite;
import dev.lorabench.data.OutputCheck;
import dev.lorabench.report.RunLedger;
import dev.lorabench.report.RunReport;
import dev.lorabench.train.DataSource;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.PlanField;
import dev.lorabench.plan.Presets;
import dev.lorabench.plan.Variant;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.TrainingEvent;
import dev.lorabench.train.TrainingService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
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

    @Override
    public Integer call() throws IOException, DataException {
        ExperimentPlan plan = plan();
        Path dir = out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        checkOutputs(dir, plan);
        if (plan.base().file() != null && !Files.isRegularFile(plan.base().file())) {
            throw new IllegalArgumentException("--base " + plan.base().file() + " does not exist");
        }

        RunLedger ledger = RunLedger.atDefaultLocation();
        RunLedger.Entry entry = ledger.started(describe(plan), dir);
        try {
            return execute(plan, dir, ledger, entry);
        } catch (RuntimeException | IOException | DataException e) {
            ledger.ended(entry, "failed", e.getMessage());
            throw e;
        }
    }

    private Integer execute(ExperimentPlan plan, Path dir, RunLedger ledger, RunLedger.Entry entry)
            throws IOException, DataException {
        TerminalProgress progress = new TerminalProgress(System.err, System.console() != null);
        AtomicReference<byte[]> baseBytes = new AtomicReference<>();
        AtomicReference<TrainingEvent.RunFailed> failure = new AtomicReference<>();
        RunExports exports = new RunExports(dir, saveAdapters, exportBase);
        TrainingService service = new TrainingService(
                Runnable::run, DataSource.cached(DatasetCache.atDefaultRoot()), exports);
        RunResult result = service.start(plan, event -> {
            progress.on(event);
            if (event instanceof TrainingEvent.BaseReady b) {
                baseBytes.set(b.parameters());
            } else if (event instanceof TrainingEvent.RunFailed f) {
                failure.set(f);
            }
        }).result().join();
        System.err.println();
        if (result == null) {
            TrainingEvent.RunFailed f = failure.get();
            if (f == null) {
                throw new IllegalStateException("run cancelled");
            }
            if (f.cause() == TrainingEvent.FailureKind.DATA) {
                throw new DataException(f.message());
            }
            if (f.cause() == TrainingEvent.FailureKind.USAGE) {
                throw new IllegalArgumentException(f.message());
            }
            throw new IllegalStateException(f.message());
        }
        List<Path> files = RunReport.write(result, dir);
        AtomicWrite.writeBytes(dir.resolve(BASE_FILE), baseBytes.get());
        List<String> exported = exports.finish();
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
                RunReport.CLASS_ERRORS_PNG, RunReport.MSE_PNG, BASE_FILE);
        new RunExports(dir, saveAdapters, exportBase).checkOutputs(
                plan.variants().stream().filter(v -> v instanceof LoraVariant).map(Variant::name).toList());
    }
}
