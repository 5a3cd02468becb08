package dev.lorabench.app;

import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.DatasetState;
import dev.lorabench.model.Architecture;
import dev.lorabench.train.DataSource;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Presets;
import dev.lorabench.train.RunEnvironment;
import dev.lorabench.train.RunEnvironments;
import dev.lorabench.train.TrainingEvent;
import dev.lorabench.train.TrainingService;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.ToLongFunction;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The workbench's state and commands. Training runs on the training executor; its events go
 * into a concurrent queue that {@link #drain()} (called about ten times a second on the FX thread
 * by the view's timer) applies as one batch. Other slow work (cache checks, fetches, parameter
 * counts, exports, settings) runs on the background executor and reports back through the UI
 * executor. The view only binds to the properties here and calls the commands.
 */
public final class WorkbenchViewModel {

    /**
     * What the view-model needs from outside; tests pass direct executors and stubs. {@code
     * fetcher} gets a built-in dataset into {@code cache} (by default the cache's own fetch).
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

    private record Tagged(long run, TrainingEvent event) {}

    private final Services services;
    private final TrainingService trainingService;
    private final Exporter exporter;
    private final ExperimentForm form = new ExperimentForm();
    private final DatasetViewModel dataset;
    private final LossChartModel lossChart = new LossChartModel("Training loss");
    private final ClassErrorChartModel classErrors = new ClassErrorChartModel();
    private final ConcurrentLinkedQueue<Tagged> queue = new ConcurrentLinkedQueue<>();

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper cancelling = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper parameterCount = new ReadOnlyStringWrapper("");
    private final ObservableList<RunRecord> history = FXCollections.observableArrayList();
    private final ObjectProperty<RunRecord> selectedRun = new SimpleObjectProperty<>();
    private final ObservableList<SummaryRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> seriesNames = FXCollections.observableArrayList();
    // Read-only views, made once: views keep listeners on them.
    private final ObservableList<RunRecord> historyView = FXCollections.unmodifiableObservableList(history);
    private final ObservableList<SummaryRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<String> seriesNamesView = FXCollections.unmodifiableObservableList(seriesNames);
    private final Map<String, BooleanProperty> seriesVisible = new java.util.HashMap<>();
    private final DoubleProperty smoothing = new SimpleDoubleProperty(0);
    private final BooleanProperty logScale = new SimpleBooleanProperty(false);
    private final BooleanProperty deltaBars = new SimpleBooleanProperty(false);
    private final BooleanBinding canRun;
    private final BooleanBinding canExport;
    private final Map<Architecture, Long> counts = new EnumMap<>(Architecture.class);
    private final AnalysisViewModel analysis;
    private final javafx.collections.ObservableMap<String, String> seriesNotes = FXCollections.observableHashMap();
    private final javafx.collections.ObservableMap<String, String> seriesNotesView =
            FXCollections.unmodifiableObservableMap(seriesNotes);
    private final ReadOnlyStringWrapper about = new ReadOnlyStringWrapper("");

    private UserPrompts prompts = UserPrompts.NONE;
    private TrainingService.RunHandle handle;
    private RunMonitor monitor;
    private long runId;
    private boolean fetchThenRun;

    public WorkbenchViewModel(Services services) {
        this.services = services;
        this.trainingService = new TrainingService(services.training(), services.dataSource());
        this.exporter = new Exporter(services.background());
        this.dataset = new DatasetViewModel(services.background(), services.ui(), services.cache(),
                services.fetcher(), () -> prompts);
        this.analysis = new AnalysisViewModel(services.background(), services.ui(), classErrors, historyView, () -> prompts);
        canRun = form.validProperty().and(running.not());
        canExport = selectedRun.isNotNull().and(running.not());

        smoothing.addListener((obs, was, now) -> lossChart.setSmoothing(clampBeta(now.doubleValue())));
        logScale.addListener((obs, was, now) -> lossChart.setLogScale(now));
        deltaBars.addListener((obs, was, now) -> classErrors.setDelta(now));
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
        form.architectureProperty().addListener((obs, was, now) -> countParameters(now));
    }

    /** Checks the dataset cache and counts the model's parameters; call once the view is up. */
    public void start() {
        dataset.refresh(form.datasetProperty().get(), form.idxFolderProperty().get());
        countParameters(form.architectureProperty().get());
    }

    // ---- state ----

    public ExperimentForm form() { return form; }
    public DatasetViewModel dataset() { return dataset; }
    public LossChartModel lossChart() { return lossChart; }
    public ClassErrorChartModel classErrors() { return classErrors; }
    /** The analysis tabs of the selected run. */
    public AnalysisViewModel analysis() { return analysis; }
    /**
     * Notes on loss series for the legend, e.g. "lora-r2" → "diverged at step 12" (series without
     * a note are absent).
     */
    public javafx.collections.ObservableMap<String, String> seriesNotes() { return seriesNotesView; }
    /** The About text (versions), filled by {@link #loadAbout()}. */
    public ReadOnlyStringProperty aboutProperty() { return about.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty cancellingProperty() { return cancelling.getReadOnlyProperty(); }
    /** One line: what happens now or how the last command ended. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty phaseProperty() { return phase.getReadOnlyProperty(); }
    public ReadOnlyStringProperty etaProperty() { return eta.getReadOnlyProperty(); }
    /** 0..1 while running (-1: indeterminate). */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    /** E.g. "2,807,010 parameters". */
    public ReadOnlyStringProperty parameterCountProperty() { return parameterCount.getReadOnlyProperty(); }
    public ObservableList<RunRecord> history() { return historyView; }
    public ObjectProperty<RunRecord> selectedRunProperty() { return selectedRun; }
    public ObservableList<SummaryRow> rows() { return rowsView; }
    /** Loss series shown in the legend, in order of appearance. */
    public ObservableList<String> seriesNames() { return seriesNamesView; }
    /** EMA β of the loss curves, 0 (raw) to 0.99. */
    public DoubleProperty smoothingProperty() { return smoothing; }
    public BooleanProperty logScaleProperty() { return logScale; }
    /** Class-error bars as the change against the base. */
    public BooleanProperty deltaBarsProperty() { return deltaBars; }
    public BooleanBinding canRunProperty() { return canRun; }
    public BooleanBinding canExportProperty() { return canExport; }

    /** Whether a loss series is drawn (legend check box). */
    public BooleanProperty seriesVisibleProperty(String name) {
        return seriesVisible.computeIfAbsent(name, n -> {
            BooleanProperty p = new SimpleBooleanProperty(lossChart.isVisible(n));
            p.addListener((obs, was, now) -> lossChart.setVisible(n, now));
            return p;
        });
    }

    public void setPrompts(UserPrompts prompts) {
        this.prompts = prompts == null ? UserPrompts.NONE : prompts;
    }

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
                status.set(fetchingThenRunning(choice));
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
        lossChart.clear();
        lossChart.chart().setTitle("Training loss — " + plan.model().displayName() + " on " + plan.dataset());
        classErrors.clear();
        rows.clear();
        seriesNames.clear();
        seriesNotes.clear();
        analysis.load(null);
        Long hint = counts.get(plan.model());
        monitor = new RunMonitor(lossChart, classErrors, hint == null ? 0 : hint);
        running.set(true);
        cancelling.set(false);
        progress.set(-1);
        phase.set("starting");
        eta.set("");
        status.set("Starting " + describe(plan) + "…");
        handle = trainingService.start(plan, event -> queue.add(new Tagged(id, event)));
        handle.result().whenComplete((result, error) -> {
            if (error != null) {
                queue.add(new Tagged(id, new TrainingEvent.RunFailed(
                        error.getClass().getSimpleName() + ": " + error.getMessage(),
                        TrainingEvent.FailureKind.INTERNAL)));
            }
        });
        return true;
    }

    /**
     * The fetch accepted at Run: fetches {@code choice}, then starts the run if it is still the
     * dataset asked for; a failed fetch leaves the status line saying why and starts nothing.
     */
    private void fetchThenRun(DatasetChoice choice) {
        fetchThenRun = true;
        status.set(fetchingThenRunning(choice));
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

    private static String fetchingThenRunning(DatasetChoice choice) {
        return "Fetching " + choice + "; the run starts when it is in the cache…";
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
     * (the view's timer does, about ten times a second). Returns how many events it applied.
     */
    public int drain() {
        List<TrainingEvent> batch = new ArrayList<>();
        Tagged t;
        while ((t = queue.poll()) != null) {
            if (t.run() == runId && monitor != null && monitor.terminal() == null) {
                batch.add(t.event());
                if (t.event().isTerminal()) {
                    break;
                }
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        monitor.apply(batch);
        seriesNotes.putAll(monitor.notes());
        for (String name : monitor.series()) {
            if (!seriesNames.contains(name)) {
                seriesNames.add(name);
            }
        }
        if (rows.size() != monitor.rows().size() || monitor.terminal() != null) {
            rows.setAll(monitor.rows());
        }
        phase.set(monitor.phase());
        if (!cancelling.get()) {
            progress.set(monitor.progress());
            eta.set(formatEta(monitor.etaSeconds()));
            status.set(progressLine(monitor));
        }
        TrainingEvent end = monitor.terminal();
        if (end != null) {
            finish(end);
        }
        return batch.size();
    }

    private void finish(TrainingEvent end) {
        running.set(false);
        cancelling.set(false);
        eta.set("");
        handle = null;
        if (end instanceof TrainingEvent.RunFinished f) {
            RunRecord record = new RunRecord(history.size() + 1, f.result(), monitor.baseParameters(), LocalTime.now());
            history.add(record);
            progress.set(1);
            phase.set("finished");
            // Selecting it redraws the charts from the run's own record.
            selectedRun.set(record);
            status.set(String.format(Locale.ROOT, "Finished %s in %.1f s — %d variants",
                    describe(f.result().plan()), f.result().seconds(), f.result().variants().size()));
        } else if (end instanceof TrainingEvent.RunFailed failed) {
            progress.set(0);
            phase.set("failed");
            status.set("Run failed: " + failed.message());
            prompts.showError(failureTitle(failed.cause()), cliLine(failed.message()));
        } else {
            progress.set(0);
            phase.set("cancelled");
            status.set("Cancelled");
        }
    }

    /** Shows a finished run from the history: its curves, bars and table. */
    private void show(RunRecord record) {
        lossChart.load(record.curves());
        var plan = record.result().plan();
        lossChart.chart().setTitle("Training loss — " + plan.model().displayName() + " on " + plan.dataset());
        classErrors.load(record.result());
        rows.setAll(SummaryRows.of(record.result()));
        seriesNames.setAll(lossChart.seriesNames());
        seriesNotes.clear();
        for (var v : record.result().variants()) {
            if (v.diverged() || v.stoppedEarlyAfterEpoch() > 0) {
                seriesNotes.put(v.spec().name(), v.status());
            }
        }
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

    /**
     * Fills {@link #aboutProperty()} with the lorabench, DJL, engine and JavaFX versions; the
     * engine is asked on the background executor (it may have to start).
     */
    public CompletableFuture<String> loadAbout() {
        String head = "LoRA Workbench " + RunEnvironments.lorabenchVersion();
        String fx = "JavaFX " + System.getProperty("javafx.version", "unknown");
        String java = "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor", "") + ")";
        about.set(head + "\n" + fx + "\n" + java + "\nEngine: looking up…");
        CompletableFuture<String> done = CompletableFuture.supplyAsync(() -> {
            RunEnvironment env = RunEnvironments.current();
            return String.format(Locale.ROOT, "DJL %s\n%s engine %s (%d threads)", env.djl(), env.engine(),
                    env.engineVersion(), env.threads());
        }, services.background());
        CompletableFuture<String> text = done.handle((engine, error) -> head + "\n"
                + (error == null ? engine : "Engine unavailable: " + (error.getCause() != null ? error.getCause() : error).getMessage())
                + "\n" + fx + "\n" + java);
        text.thenAccept(t -> services.ui().execute(() -> about.set(t)));
        return text;
    }

    /** The one line the CLI prints for the same failure ("lorabench: …"). */
    static String cliLine(String message) {
        String m = message == null ? "" : message;
        return "lorabench: " + m.lines().findFirst().orElse(m);
    }

    private static String failureTitle(TrainingEvent.FailureKind kind) {
        if (kind == TrainingEvent.FailureKind.USAGE) {
            return "Run refused: bad option";
        }
        return kind == TrainingEvent.FailureKind.DATA ? "Run failed: bad or missing data" : "Run failed";
    }

    /** Exports the selected run; the write happens in the background. */
    public CompletableFuture<Path> export(ExportKind kind, Path target) {
        RunRecord record = selectedRun.get();
        if (record == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no finished run to export"));
        }
        Exporter.Request request = new Exporter.Request(
                kind, record, lossChart.snapshot(), lossChart.isLogScale(), deltaBars.get(), target);
        status.set("Exporting " + target.getFileName() + "…");
        CompletableFuture<Path> done = exporter.export(request);
        done.whenComplete((path, error) -> services.ui().execute(() -> {
            if (error == null) {
                status.set("Wrote " + path);
            } else {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                status.set("Export failed: " + cause.getMessage());
                prompts.showError("Export failed", String.valueOf(cause.getMessage()));
            }
        }));
        return done;
    }

    /** A default file name for an export of the selected run, e.g. {@code mlp-mnist-loss.png}. */
    public String defaultFileName(ExportKind kind) {
        RunRecord record = selectedRun.get();
        ExperimentPlan plan = record != null ? record.result().plan() : form.plan();
        return plan == null ? "lorabench" + kind.suffix() : FileNames.of(plan, kind);
    }

    // ---- settings ----

    public void loadSettings(Properties props) {
        form.load(props, "form.");
        String beta = props.getProperty("chart.smoothing");
        if (beta != null) {
            try {
                smoothing.set(clampBeta(Double.parseDouble(beta)));
            } catch (NumberFormatException e) {
                // keep
            }
        }
        logScale.set(Boolean.parseBoolean(props.getProperty("chart.log", "false")));
        deltaBars.set(Boolean.parseBoolean(props.getProperty("chart.delta", "false")));
    }

    public void saveSettings(Properties props) {
        form.save(props, "form.");
        props.setProperty("chart.smoothing", String.valueOf(smoothing.get()));
        props.setProperty("chart.log", String.valueOf(logScale.get()));
        props.setProperty("chart.delta", String.valueOf(deltaBars.get()));
    }

    // ---- helpers ----

    private void countParameters(Architecture architecture) {
        Long known = counts.get(architecture);
        if (known != null) {
            parameterCount.set(String.format(Locale.ROOT, "%,d parameters", known));
            return;
        }
        parameterCount.set("counting parameters…");
        CompletableFuture.supplyAsync(() -> services.parameterCounter().applyAsLong(architecture), services.background())
                .whenComplete((n, error) -> services.ui().execute(() -> {
                    if (error == null) {
                        counts.put(architecture, n);
                    }
                    if (form.architectureProperty().get() == architecture) {
                        parameterCount.set(error == null
                                ? String.format(Locale.ROOT, "%,d parameters", n)
                                : "parameter count unavailable");
                    }
                }));
    }

    private static double clampBeta(double beta) {
        return Math.max(0, Math.min(0.99, beta));
    }

    private static String describe(ExperimentPlan plan) {
        return (plan.preset().equals("custom") ? plan.model().id() : plan.preset()) + " on " + plan.dataset();
    }

    static String formatEta(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0 || Double.isInfinite(seconds)) {
            return "";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "ETA %d:%02d", s / 60, s % 60);
    }

    private static String progressLine(RunMonitor m) {
        String line = m.phase();
        if (m.totalSteps() > 0) {
            line += String.format(Locale.ROOT, " — step %,d of %,d", m.doneSteps(), m.totalSteps());
        }
        String e = formatEta(m.etaSeconds());
        return e.isEmpty() ? line : line + " — " + e;
    }
}
