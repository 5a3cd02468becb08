package dev.lorabench.app;

import dev.lorabench.app.analysis.AnalysisViewModel;
import dev.lorabench.app.analysis.ReplayRerun;
import dev.lorabench.app.form.DatasetChoice;
import dev.lorabench.app.form.DatasetViewModel;
import dev.lorabench.app.form.ExperimentForm;
import dev.lorabench.app.form.ParameterCountViewModel;
import dev.lorabench.app.run.ChartsViewModel;
import dev.lorabench.app.run.ExportKind;
import dev.lorabench.app.run.Exporter;
import dev.lorabench.app.run.FileNames;
import dev.lorabench.app.run.RunMonitor;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.run.SummaryRow;
import dev.lorabench.app.run.SummaryRows;
import dev.lorabench.app.run.WallTimes;
import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.DatasetState;
import dev.lorabench.model.Architecture;
import dev.lorabench.train.BaseCache;
import dev.lorabench.train.DataSource;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Presets;
import dev.lorabench.train.RunFailure;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.TrainingEvent;
import dev.lorabench.train.TrainingService;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The workbench's state and commands, and the owner of the smaller view-models the panels and
 * tabs bind to (form, dataset, parameter count, charts, analyses, about). Training runs on the
 * training executor; its events go into a concurrent queue that {@link #drain()} (called about four
 * times a second on the FX thread by the view's timer) applies as one batch. Other slow work
 * (cache checks, fetches, parameter counts, exports) runs as {@link BackgroundTask}s on the
 * background executor and reports back through the UI executor. Views only bind and call commands.
 */
public final class WorkbenchViewModel {

    /**
     * What the view-model needs from outside; tests pass direct executors and stubs. {@code
     * fetcher} gets a built-in dataset into {@code cache} (by default the cache's own fetch). Trained
     * bases are kept for reuse under the same cache root (ADR 0025).
     */
    public record Services(
            Executor training,
            Executor background,
            Executor ui,
            DatasetCache cache,
            DataSource dataSource,
            ToLongFunction<Architecture> parameterCounter,
            DatasetViewModel.Fetcher fetcher) {

        public Services(Executor training, Executor background, Executor ui, DatasetCache cache,
                DataSource dataSource, ToLongFunction<Architecture> parameterCounter) {
            this(training, background, ui, cache, dataSource, parameterCounter, cache::fetch);
        }
    }

    /** An event of run {@code run}, stamped (nanoseconds of the injected clock) on the listener thread. */
    private record Tagged(long run, TrainingEvent event, long nanos) {}

    private final TaskExecutor tasks;
    private final LongSupplier clock;
    private final TrainingService trainingService;
    private final ExperimentForm form = new ExperimentForm();
    private final DatasetViewModel dataset;
    private final ParameterCountViewModel parameters;
    private final ChartsViewModel charts;
    private final AboutViewModel about;
    private final ConcurrentLinkedQueue<Tagged> queue = new ConcurrentLinkedQueue<>();

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper cancelling = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final RunSettings runSettings = new RunSettings();
    private final ObservableList<RunRecord> history = FXCollections.observableArrayList();
    private final ObjectProperty<RunRecord> selectedRun = new SimpleObjectProperty<>();
    private final ObservableList<SummaryRow> rows = FXCollections.observableArrayList();
    // Read-only views, made once: views keep listeners on them.
    private final ObservableList<RunRecord> historyView = FXCollections.unmodifiableObservableList(history);
    private final ObservableList<SummaryRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final BooleanBinding canRun;
    private final BooleanBinding canExport;
    private final AnalysisViewModel analysis;

    private UserPrompts prompts = UserPrompts.NONE;
    private TrainingService.RunHandle handle;
    private RunMonitor monitor;
    private long runId;
    private boolean fetchThenRun;

    public WorkbenchViewModel(Services services) {
        this(services, System::nanoTime);
    }

    /**
     * @param clock monotonic nanoseconds that stamp each engine event as it arrives (the loss
     *     charts' wall-time axis); tests pass their own
     */
    public WorkbenchViewModel(Services services, LongSupplier clock) {
        this.clock = clock;
        this.charts = new ChartsViewModel(clock);
        this.tasks = new TaskExecutor(services.background(), services.ui());
        this.trainingService = new TrainingService(services.training(), services.dataSource(), BaseCache.under(services.cache().root()));
        this.dataset = new DatasetViewModel(services.background(), services.ui(), services.cache(),
                services.fetcher(), () -> prompts);
        this.parameters = new ParameterCountViewModel(tasks, services.parameterCounter());
        this.about = new AboutViewModel(tasks);
        this.analysis = new AnalysisViewModel(tasks, charts.classErrors(), historyView, () -> prompts);
        canRun = form.validProperty().and(running.not());
        canExport = selectedRun.isNotNull().and(running.not());

        selectedRun.addListener((obs, was, now) -> {
            if (now != null && !running.get()) {
                show(now);
            }
        });
        form.datasetProperty().addListener((obs, was, now) -> dataset.refresh(now, form.idxFolderProperty().get()));
        form.idxFolderProperty().addListener((obs, was, now) -> {
            if (form.datasetProperty().get().isFolder()) {
                dataset.refresh(form.datasetProperty().get(), now);
            }
        });
        form.architectureProperty().addListener((obs, was, now) -> parameters.count(now));
    }

    /** Checks the dataset cache and counts the model's parameters; call once the view is up. */
    public void start() {
        dataset.refresh(form.datasetProperty().get(), form.idxFolderProperty().get());
        parameters.count(form.architectureProperty().get());
    }

    // ---- state ----

    public ExperimentForm form() { return form; }
    public DatasetViewModel dataset() { return dataset; }
    /** The Model panel's parameter count. */
    public ParameterCountViewModel parameters() { return parameters; }
    /** The live loss and class-error charts. */
    public ChartsViewModel charts() { return charts; }
    /** The analysis tabs of the selected run. */
    public AnalysisViewModel analysis() { return analysis; }
    public AboutViewModel about() { return about; }
    /** The Gain / forgetting tab's "re-run with this replay" row. */
    public ReplayRerun replayRerun() { return new ReplayRerun(form.replayProperty(), runningProperty(), this::rerunWithReplay); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty cancellingProperty() { return cancelling.getReadOnlyProperty(); }
    /** One line: what happens now or how the last command ended. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty phaseProperty() { return phase.getReadOnlyProperty(); }
    public ReadOnlyStringProperty etaProperty() { return eta.getReadOnlyProperty(); }
    /** 0..1 while running (-1: indeterminate). */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ObservableList<RunRecord> history() { return historyView; }
    public ObjectProperty<RunRecord> selectedRunProperty() { return selectedRun; }
    public ObservableList<SummaryRow> rows() { return rowsView; }
    public BooleanBinding canRunProperty() { return canRun; }
    public BooleanBinding canExportProperty() { return canExport; }
    /** The run options beside the plan (reuse cached bases, analysis on the whole test set). */
    public RunSettings runSettings() { return runSettings; }
    /** Whether runs reuse a cached base of the same recipe (and keep new ones); a run option, not the plan's. */
    public BooleanProperty reuseBasesProperty() { return runSettings.reuseBasesProperty(); }

    public void setPrompts(UserPrompts prompts) { this.prompts = prompts == null ? UserPrompts.NONE : prompts; }

    // ---- commands ----

    /** Fills the panels from a preset of the seeds. */
    public void applyPreset(String name) {
        form.fill(Presets.get(name).build());
        status.set("Preset " + name + ": " + Presets.descriptions().get(name));
    }

    /** Starts the experiment the panels describe. Returns whether a run started. */
    public boolean run() {
        if (running.get()) {
            return false;
        }
        ExperimentPlan plan = form.plan();
        if (plan == null) {
            status.set("Cannot run: " + form.problemProperty().get());
            return false;
        }
        DatasetChoice choice = form.datasetProperty().get();
        DatasetState state = dataset.stateProperty().get();
        if (choice.spec() != null && dataset.choice() == choice && state != null && state != DatasetState.CACHED) {
            if (fetchThenRun) {
                status.set(StatusLines.fetchingThenRunning(choice));
                return false;
            }
            status.set(choice + " is not in the cache; fetch it to run");
            prompts.offerFetch(choice.toString(), dataset.statusTextProperty().get(),
                    () -> fetchThenRun(choice),
                    () -> status.set("Run not started: " + choice + " is not in the cache"));
            return false;
        }
        long id = ++runId;
        queue.clear();
        selectedRun.set(null);
        charts.clear(plan);
        charts.setLive(true);
        rows.clear();
        analysis.load(null);
        monitor = new RunMonitor(charts.baseLossChart(), charts.lossChart(), charts.classErrors(),
                parameters.known(plan.model()));
        running.set(true);
        cancelling.set(false);
        progress.set(-1);
        phase.set("starting");
        eta.set("");
        status.set("Starting " + StatusLines.describe(plan) + "…");
        handle = trainingService.start(plan, event -> queue.add(new Tagged(id, event, clock.getAsLong())),
                runSettings.options());
        return true;
    }

    /**
     * The fetch accepted at Run: fetches {@code choice}, then starts the run if it is still the
     * dataset asked for; a failed fetch leaves the status line saying why and starts nothing.
     */
    private void fetchThenRun(DatasetChoice choice) {
        fetchThenRun = true;
        status.set(StatusLines.fetchingThenRunning(choice));
        // Completes through the UI executor, after the dataset panel shows the outcome.
        dataset.fetch().thenAccept(fetched -> {
            fetchThenRun = false;
            if (!fetched.ok()) {
                String why = fetched.message() == null ? "" : fetched.message();
                status.set("Run not started: fetching " + choice + " failed: " + why.lines().findFirst().orElse(why));
            } else if (form.datasetProperty().get() != choice) {
                status.set("Fetched " + choice + "; run not started: the dataset is now "
                        + form.datasetProperty().get());
            } else if (!running.get()) {
                run();
            }
        });
    }

    /** Asks the running experiment to stop; the UI goes idle when it has. */
    public void cancel() {
        if (handle != null && running.get()) {
            handle.cancel();
            cancelling.set(true);
            status.set("Cancelling…");
        }
    }

    /**
     * Applies every queued engine event of the current run as one batch. Call on the FX thread
     * (the view's timer does, about four times a second). Returns how many events it applied.
     */
    public int drain() {
        // Looked at before the queue: a run whose future is done has queued all of its events.
        CompletableFuture<RunResult> outcome = handle != null && handle.result().isDone() ? handle.result() : null;
        List<RunMonitor.Arrival> batch = new ArrayList<>();
        Tagged t;
        while ((t = queue.poll()) != null) {
            if (t.run() == runId && monitor != null && monitor.terminal() == null) {
                batch.add(new RunMonitor.Arrival(t.event(), t.nanos()));
                if (t.event().isTerminal()) {
                    break;
                }
            }
        }
        if (!batch.isEmpty()) {
            apply(batch);
        }
        charts.liveFrame(); // the data went in at once; the chart is drawn at most twice a second
        if (outcome != null) {
            finish(outcome);
        }
        return batch.size();
    }

    private void apply(List<RunMonitor.Arrival> batch) {
        monitor.applyArrived(batch);
        charts.follow(monitor);
        if (rows.size() != monitor.rows().size() || monitor.terminal() != null) {
            rows.setAll(monitor.rows());
        }
        phase.set(monitor.phase());
        if (!cancelling.get()) {
            progress.set(monitor.progress());
            eta.set(StatusLines.formatEta(monitor.etaSeconds()));
            status.set(StatusLines.progressLine(monitor));
        }
    }

    /** Ends the run with its outcome: the result, or the failure that says why there is none. */
    private void finish(CompletableFuture<RunResult> outcome) {
        charts.setLive(false);
        running.set(false);
        cancelling.set(false);
        eta.set("");
        handle = null;
        RunResult result;
        try {
            result = outcome.join();
        } catch (CompletionException e) {
            RunFailure failure = RunFailure.of(e);
            progress.set(0);
            if (failure instanceof RunFailure.Cancelled) {
                phase.set("cancelled");
                status.set("Cancelled");
            } else {
                phase.set("failed");
                status.set("Run failed: " + failure.getMessage());
                prompts.showError(StatusLines.failureTitle(failure), UserPrompts.cliLine(failure.getMessage()));
            }
            return;
        }
        // The arrival times stay with the run: redrawing it from its record keeps its wall-time axis.
        RunRecord record = new RunRecord(history.size() + 1, result, LocalTime.now(),
                WallTimes.of(charts.baseLossChart(), charts.lossChart()));
        history.add(record);
        progress.set(1);
        phase.set("finished");
        // Selecting it redraws the charts from the run's own record.
        selectedRun.set(record);
        status.set(StatusLines.finished(result, monitor));
    }

    /** Shows a finished run from the history: its curves, bars and table. */
    private void show(RunRecord record) {
        charts.show(record);
        rows.setAll(SummaryRows.of(record.result()));
        analysis.load(record);
    }

    /** Sets the form's replay fraction and starts a run with it (the Run button's path). */
    public boolean rerunWithReplay(String replay) {
        form.replayProperty().set(replay == null ? "" : replay.trim());
        if (!form.validProperty().get()) {
            status.set("Cannot run: " + form.problemProperty().get());
            return false;
        }
        return run();
    }

    /** Exports the selected run; the write happens in the background. */
    public CompletableFuture<Path> export(ExportKind kind, Path target) {
        RunRecord record = selectedRun.get();
        if (record == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no finished run to export"));
        }
        Exporter.Request request = new Exporter.Request(kind, record, charts.exportView(), target);
        return Exporter.inBackground(tasks, status, () -> prompts, target, path -> Exporter.write(request));
    }

    /** A default file name for an export of the selected run, e.g. {@code mlp-mnist-loss.png}. */
    public String defaultFileName(ExportKind kind) {
        RunRecord record = selectedRun.get();
        ExperimentPlan plan = record != null ? record.result().plan() : form.plan();
        return plan == null ? "lorabench" + kind.file().suffix() : FileNames.of(plan, kind);
    }

    // ---- settings ----

    public void loadSettings(Properties props) {
        form.load(props, "form.");
        runSettings.load(props);
        charts.loadSettings(props);
    }

    public void saveSettings(Properties props) {
        form.save(props, "form.");
        runSettings.save(props);
        charts.saveSettings(props);
    }
}
