package dev.lorabench.cli;

import dev.lorabench.data.DataException;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.model.Architecture;
import dev.lorabench.data.AtomicWrite;
import dev.lorabench.data.OutputCheck;
import dev.lorabench.report.RunLedger;
import dev.lorabench.report.RunReport;
import dev.lorabench.train.ClassSelection;
import dev.lorabench.train.DataSource;
import dev.lorabench.train.ExperimentPlan;
import dev.lorabench.train.Presets;
import dev.lorabench.train.Schedule;
import dev.lorabench.train.RunFailure;
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
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train or load a base, fine-tune LoRA ranks and a full baseline.",
            "Writes run.json, losses.csv, loss.png, class-errors.png (mse.png for",
            "regression) and base.params into --out."})
final class RunCommand implements Callable<Integer> {

    static final String BASE_FILE = "base.params";

    @Spec CommandSpec spec;

    @Option(names = "--preset", description = "mlp-mnist, resnet-mnist, vgg-mnist or toy-regression; options below override it")
    String preset;

    @Option(names = "--model", description = "mlp, resnet, vgg or linear")
    String model;

    @Option(names = "--dataset", description = "mnist, fashion-mnist, synthetic, idx:DIR, or folder:DIR (one sub-folder of PNG/JPEG images per class)")
    String dataset;

    @Option(names = "--base-epochs") Integer baseEpochs;
    @Option(names = "--finetune-epochs") Integer finetuneEpochs;
    @Option(names = "--finetune-steps", description = "stop each fine-tune after N steps (0: all epochs)") Integer finetuneSteps;
    @Option(names = "--batch-size") Integer batchSize;
    @Option(names = "--lr", description = "Adam learning rate") Float lr;
    @Option(names = "--seed") Long seed;

    @Option(names = "--finetune-classes", description = "'worst' or a list such as 3,6,8")
    String finetuneClasses;

    @Option(names = "--replay", description = "fraction of the other classes' rows mixed into the fine-tune, 0..1")
    Double replay;

    @Option(names = "--ranks", split = ",", description = "LoRA ranks, e.g. 1,2,3,4 (empty: none)")
    List<Integer> ranks;

    @Option(names = "--alpha") Float alpha;
    @Option(names = "--rslora", negatable = true, description = "scale by alpha/sqrt(r) instead of alpha/r") Boolean rsLora;
    @Option(names = "--full", negatable = true, description = "also run the full fine-tune baseline") Boolean full;
    @Option(names = "--targets", description = "layers to adapt: linear, conv or all") String targets;
    @Option(names = "--train-limit", description = "use the first N training rows (0: all)") Integer trainLimit;
    @Option(names = "--test-limit", description = "use the first N test rows (0: all)") Integer testLimit;
    @Option(names = "--base", paramLabel = "FILE", description = "load base parameters (base.params of an earlier run, or a PyTorch state dict FILE.safetensors) instead of training") Path baseFile;

    @Option(names = "--save-adapters", description = "also write adapters/<variant>/ (PEFT layout), base.safetensors and check/ into --out")
    boolean saveAdapters;

    @Option(names = "--export-base-safetensors", description = "also write the base as a PyTorch state dict, base.safetensors")
    boolean exportBase;

    @Option(names = "--split", split = ",", paramLabel = "TRAIN,VALIDATION",
            description = "image folders: shares of each class for training and validation, e.g. 0.7,0.15 (test gets the rest)")
    List<Double> split;
    @Option(names = "--image-size", description = "image folders: resize to N x N pixels (default 28)") Integer imageSize;
    @Option(names = "--rgb", negatable = true, description = "image folders: keep colour instead of grayscale") Boolean rgb;
    @Option(names = "--new-head", description = "with --base FILE.safetensors: drop its output layer if it has another"
            + " number of classes and train a fresh one (needs --base-epochs >= 1)") boolean newHead;
    @Option(names = "--early-stopping", paramLabel = "EPOCHS",
            description = "stop a fine-tune after N epochs without a better validation loss (0: never)") Integer earlyStopping;

    @Option(names = "--schedule", paramLabel = "lockstep|sequential",
            description = "lockstep (default): one pass over the data trains all variants; sequential: one variant after another")
    String schedule;
    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: ./runs/<time>)")
    Path out;

    @Override
    public Integer call() throws IOException, DataException, RunFailure, InterruptedException {
        ExperimentPlan plan = plan();
        Path dir = out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        checkOutputs(dir, plan);
        if (plan.baseFile() != null && !Files.isRegularFile(plan.baseFile())) {
            throw new IllegalArgumentException("--base " + plan.baseFile() + " does not exist");
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
        TrainingService service = new TrainingService(queued::add, DataSource.cached(DatasetCache.atDefaultRoot()));
        TrainingService.RunHandle handle = service.start(plan, progress::on);
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
        return plan.preset() + ": " + plan.model().id() + " on " + plan.dataset() + ", ranks " + plan.ranks()
                + (plan.full() ? " + full" : "");
    }

    /** The effective plan: the preset's values, then every option given explicitly. */
    ExperimentPlan plan() {
        ExperimentPlan.Builder b = preset != null ? Presets.get(preset) : ExperimentPlan.builder();
        if (model != null) {
            Architecture a = Architecture.byId(model);
            b.setModel(a);
            if (a == Architecture.LINEAR && dataset == null) {
                b.setDataset("synthetic");
            }
        }
        if (dataset != null) b.setDataset(dataset);
        if (baseEpochs != null) b.setBaseEpochs(baseEpochs);
        if (finetuneEpochs != null) b.setFinetuneEpochs(finetuneEpochs);
        if (finetuneSteps != null) b.setFinetuneSteps(finetuneSteps);
        if (batchSize != null) b.setBatchSize(batchSize);
        if (lr != null) b.setLr(lr);
        if (seed != null) b.setSeed(seed);
        if (finetuneClasses != null) b.setFinetuneClasses(ClassSelection.parse(finetuneClasses));
        if (replay != null) b.setReplay(replay);
        if (ranks != null) b.setRanks(ranks);
        if (alpha != null) b.setAlpha(alpha);
        if (rsLora != null) b.setRsLora(rsLora);
        if (full != null) b.setFull(full);
        if (targets != null) b.setTargets(targets);
        if (trainLimit != null) b.setTrainLimit(trainLimit);
        if (testLimit != null) b.setTestLimit(testLimit);
        if (baseFile != null) {
            b.optBaseFile(baseFile);
            // A loaded base is used as it is unless base epochs are asked for explicitly.
            b.setBaseEpochs(baseEpochs != null ? baseEpochs : 0);
        }
        b.setNewHead(newHead);
        if (split != null) {
            if (split.size() != 2) {
                throw new IllegalArgumentException("--split needs two shares, train and validation, like 0.7,0.15 but was " + split);
            }
            b.setSplit(split.get(0), split.get(1));
        }
        if (imageSize != null) b.setImageSize(imageSize);
        if (rgb != null) b.setRgb(rgb);
        if (earlyStopping != null) b.setEarlyStopping(earlyStopping);
        if (schedule != null) b.setSchedule(Schedule.byId(schedule));
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
                plan.variants().stream().filter(v -> v.isLora()).map(v -> v.name()).toList());
    }
}
