package dev.lorabench.app;

import dev.lorabench.plan.LoraVariant;
import dev.lorabench.report.RunReport;
import dev.lorabench.analysis.GainForgetting;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.SvdPrimer;
import dev.lorabench.analysis.TruncationCurve;
import dev.lorabench.report.AnalysisCharts;
import dev.lorabench.data.AtomicWrite;
import dev.lorabench.report.ChartFiles;
import dev.lorabench.train.AdapterMode;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.Misclassified;
import dev.lorabench.train.RunArtifacts;
import dev.lorabench.train.RunInspector;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;

/**
 * The analysis tabs of the selected run: base-integrity certificates, adapter on/off and merge
 * (real re-evaluations), the ΔW lab, gain and forgetting across the history, the misclassified
 * gallery and the SVD primer. Engine calls ({@link RunInspector}, SVDs, exports) run on the
 * background executor and hand their result back once through the UI executor; a result that
 * arrives after the selection moved on is dropped. Use from the FX thread.
 */
public final class AnalysisViewModel {

    /** The most images the gallery shows. */
    public static final int GALLERY_LIMIT = 60;

    private final Executor background;
    private final Executor ui;
    private final ClassErrorChartModel classErrors;
    private final Supplier<UserPrompts> prompts;
    private final ObservableList<RunRecord> history;

    private final ReadOnlyObjectWrapper<RunRecord> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private long generation;

    // integrity
    private final ObservableList<IntegrityBadge> badges = FXCollections.observableArrayList();
    private final ObjectProperty<String> integrityVariant = new SimpleObjectProperty<>();
    private final ObservableList<dev.lorabench.analysis.TensorCheck> tensors = FXCollections.observableArrayList();

    // adapter on/off and merge
    private final ObservableList<String> loraVariants = FXCollections.observableArrayList();
    private final ObjectProperty<String> adapterVariant = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<AdapterMode> adapterMode = new ReadOnlyObjectWrapper<>(AdapterMode.ON);
    private final ReadOnlyBooleanWrapper evaluating = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper evaluationNote = new ReadOnlyStringWrapper("");
    private final Map<String, AdapterMode> modes = new HashMap<>();
    private final Map<String, Evaluation> shown = new HashMap<>();

    // ΔW lab
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final ObjectProperty<String> layer = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<JFreeChart> spectrumChart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<JFreeChart> similarityChart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<JFreeChart> truncationChart = new ReadOnlyObjectWrapper<>();
    private final ObservableList<SpectrumRow> spectrumRows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper labNote = new ReadOnlyStringWrapper("");

    // gain / forgetting
    private final ReadOnlyObjectWrapper<JFreeChart> gainChart = new ReadOnlyObjectWrapper<>();
    private final ObservableList<GainRow> gainRows = FXCollections.observableArrayList();
    private final ObservableList<GainRow> historyGainRows = FXCollections.observableArrayList();

    // gallery
    private final ObservableList<String> galleryVariants = FXCollections.observableArrayList();
    private final ObservableList<String> galleryClasses = FXCollections.observableArrayList();
    private final ObjectProperty<String> galleryVariant = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> galleryClass = new SimpleObjectProperty<>();
    private final ObservableList<Misclassified> gallery = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper galleryNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper galleryLoading = new ReadOnlyBooleanWrapper(false);
    private long galleryRequest;

    // SVD primer
    private final ObjectProperty<String> primerLayer = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<SvdPrimer> primer = new ReadOnlyObjectWrapper<>();
    private final IntegerProperty primerK = new SimpleIntegerProperty(1);
    private final ReadOnlyObjectWrapper<JFreeChart> primerChart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper primerShape = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper primerAtK = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper primerComputing = new ReadOnlyBooleanWrapper(false);
    private long primerRequest;

    // Read-only views, made once: views keep listeners on them.
    private final ObservableList<IntegrityBadge> badgesView = FXCollections.unmodifiableObservableList(badges);
    private final ObservableList<dev.lorabench.analysis.TensorCheck> tensorsView = FXCollections.unmodifiableObservableList(tensors);
    private final ObservableList<String> loraVariantsView = FXCollections.unmodifiableObservableList(loraVariants);
    private final ObservableList<String> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ObservableList<SpectrumRow> spectrumRowsView = FXCollections.unmodifiableObservableList(spectrumRows);
    private final ObservableList<GainRow> gainRowsView = FXCollections.unmodifiableObservableList(gainRows);
    private final ObservableList<GainRow> historyGainRowsView = FXCollections.unmodifiableObservableList(historyGainRows);
    private final ObservableList<String> galleryVariantsView = FXCollections.unmodifiableObservableList(galleryVariants);
    private final ObservableList<String> galleryClassesView = FXCollections.unmodifiableObservableList(galleryClasses);
    private final ObservableList<Misclassified> galleryView = FXCollections.unmodifiableObservableList(gallery);

    AnalysisViewModel(Executor background, Executor ui, ClassErrorChartModel classErrors,
            ObservableList<RunRecord> history, Supplier<UserPrompts> prompts) {
        this.background = background;
        this.ui = ui;
        this.classErrors = classErrors;
        this.history = history;
        this.prompts = prompts;
        integrityVariant.addListener((obs, was, now) -> showTensors(now));
        adapterVariant.addListener((obs, was, now) -> adapterMode.set(now == null ? AdapterMode.ON : modes.getOrDefault(now, AdapterMode.ON)));
        layer.addListener((obs, was, now) -> showLayer(now));
        galleryVariant.addListener((obs, was, now) -> loadGallery());
        galleryClass.addListener((obs, was, now) -> loadGallery());
        primerLayer.addListener((obs, was, now) -> computePrimer(now));
        primerK.addListener((obs, was, now) -> showPrimerK());
        history.addListener((ListChangeListener<RunRecord>) c -> refreshHistoryGains());
    }

    // ---- state ----

    /** The run the tabs show (null: none). */
    public ReadOnlyObjectProperty<RunRecord> runProperty() { return run.getReadOnlyProperty(); }
    /** One line about the last analysis command. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    public ObservableList<IntegrityBadge> badges() { return badgesView; }
    /** The variant whose tensors the integrity table lists. */
    public ObjectProperty<String> integrityVariantProperty() { return integrityVariant; }
    public ObservableList<dev.lorabench.analysis.TensorCheck> tensors() { return tensorsView; }

    public ObservableList<String> loraVariants() { return loraVariantsView; }
    /** The LoRA variant the adapter switch and Merge/Unmerge act on. */
    public ObjectProperty<String> adapterVariantProperty() { return adapterVariant; }
    /** How the selected variant's bars were last evaluated. */
    public ReadOnlyObjectProperty<AdapterMode> adapterModeProperty() { return adapterMode.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty evaluatingProperty() { return evaluating.getReadOnlyProperty(); }
    public ReadOnlyStringProperty evaluationNoteProperty() { return evaluationNote.getReadOnlyProperty(); }

    public ObservableList<String> layers() { return layersView; }
    public ObjectProperty<String> layerProperty() { return layer; }
    public ReadOnlyObjectProperty<JFreeChart> spectrumChartProperty() { return spectrumChart.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<JFreeChart> similarityChartProperty() { return similarityChart.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<JFreeChart> truncationChartProperty() { return truncationChart.getReadOnlyProperty(); }
    public ObservableList<SpectrumRow> spectrumRows() { return spectrumRowsView; }
    /** Why the ΔW lab is empty, or "" when it shows a layer. */
    public ReadOnlyStringProperty labNoteProperty() { return labNote.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<JFreeChart> gainChartProperty() { return gainChart.getReadOnlyProperty(); }
    /** Gain and forgetting of the selected run's variants. */
    public ObservableList<GainRow> gainRows() { return gainRowsView; }
    /** Gain and forgetting of every classification run in the history, oldest first. */
    public ObservableList<GainRow> historyGainRows() { return historyGainRowsView; }

    public ObservableList<String> galleryVariants() { return galleryVariantsView; }
    /** Class names, index = class. */
    public ObservableList<String> galleryClasses() { return galleryClassesView; }
    public ObjectProperty<String> galleryVariantProperty() { return galleryVariant; }
    public ObjectProperty<Integer> galleryClassProperty() { return galleryClass; }
    /** The selected variant's wrong test images of the selected class, most confident first. */
    public ObservableList<Misclassified> gallery() { return galleryView; }
    public ReadOnlyStringProperty galleryNoteProperty() { return galleryNote.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty galleryLoadingProperty() { return galleryLoading.getReadOnlyProperty(); }

    public ObjectProperty<String> primerLayerProperty() { return primerLayer; }
    public ReadOnlyObjectProperty<SvdPrimer> primerProperty() { return primer.getReadOnlyProperty(); }
    /** The rank k of the approximation (1 … number of singular values). */
    public IntegerProperty primerKProperty() { return primerK; }
    public ReadOnlyObjectProperty<JFreeChart> primerChartProperty() { return primerChart.getReadOnlyProperty(); }
    /** Shape and numerical rank, one line. */
    public ReadOnlyStringProperty primerShapeProperty() { return primerShape.getReadOnlyProperty(); }
    /** Error and storage at k, one line. */
    public ReadOnlyStringProperty primerAtKProperty() { return primerAtK.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty primerComputingProperty() { return primerComputing.getReadOnlyProperty(); }

    /** The evaluation a series' bars show now ("base" or a variant), or null. */
    public Evaluation evaluationOf(String series) {
        RunRecord r = run.get();
        if (r == null) {
            return null;
        }
        Evaluation e = shown.get(series);
        if (e != null) {
            return e;
        }
        if (series.equals("base")) {
            return r.result().base().evaluation();
        }
        return r.result().variants().stream().filter(v -> v.spec().name().equals(series))
                .map(VariantResult::evaluation).findFirst().orElse(null);
    }

    // ---- commands ----

    /** Shows a run (null: clears every tab). */
    public void load(RunRecord record) {
        generation++;
        run.set(record);
        modes.clear();
        shown.clear();
        evaluating.set(false);
        evaluationNote.set("");
        status.set("");
        RunResult result = record == null ? null : record.result();

        badges.setAll(result == null ? List.of() : result.variants().stream().map(IntegrityBadge::of).toList());
        integrityVariant.set(null);
        integrityVariant.set(badges.isEmpty() ? null : badges.get(0).variant());

        List<String> lora = result == null || result.artifacts() == null ? List.of()
                : result.variants().stream().filter(v -> v.spec() instanceof LoraVariant).map(v -> v.spec().name())
                        .filter(n -> result.artifacts().adapters().containsKey(n)).toList();
        loraVariants.setAll(lora);
        adapterVariant.set(lora.isEmpty() ? null : lora.get(0));
        adapterMode.set(AdapterMode.ON);

        layers.setAll(result == null ? List.of() : result.spectra().stream().map(LayerSpectra::path).toList());
        layer.set(null);
        if (!layers.isEmpty()) {
            layer.set(layers.get(0));
        } else {
            labNote.set(result == null ? "No run selected" : "This run has no ΔW analysis (no adapted layers)");
        }
        truncationChart.set(result == null || result.truncation() == null ? null
                : AnalysisCharts.truncationChart(result.truncation()));

        refreshGain();

        boolean classification = result != null && !result.base().evaluation().isRegression();
        List<String> galleryList = new ArrayList<>();
        if (classification) {
            galleryList.add("base");
            result.variants().forEach(v -> galleryList.add(v.spec().name()));
        }
        gallery.clear();
        galleryNote.set(classification ? "" : result == null ? "No run selected" : "A regression run has no misclassified images");
        galleryClasses.setAll(classification ? result.classNames() : List.of());
        galleryVariants.setAll(galleryList);
        galleryVariant.set(null);
        galleryClass.set(null);
        if (classification) {
            // The natural first look: the first LoRA variant's mistakes on the base's worst class.
            galleryVariant.set(galleryList.size() > 1 ? galleryList.get(1) : galleryList.get(0));
            galleryClass.set(result.base().evaluation().worstClass());
        }

        List<String> weights = result == null || result.artifacts() == null ? List.of()
                : result.artifacts().baseWeights().keySet().stream().sorted().toList();
        primer.set(null);
        primerChart.set(null);
        primerShape.set(weights.isEmpty() ? "This run kept no base weights to factorise" : "");
        primerAtK.set("");
        primerLayer.set(null);
        if (!weights.isEmpty()) {
            primerLayer.set(weights.get(0));
        }
    }

    /** The base weights the SVD primer can factorise (layer paths). */
    public List<String> primerLayers() {
        RunRecord r = run.get();
        return r == null || r.result().artifacts() == null ? List.of()
                : r.result().artifacts().baseWeights().keySet().stream().sorted().toList();
    }

    /** Switches the selected LoRA variant's adapter on or off and re-evaluates it. */
    public CompletableFuture<Evaluation> setAdapterEnabled(boolean on) {
        return reevaluate(on ? AdapterMode.ON : AdapterMode.OFF);
    }

    /** Folds the adapter into W (W + s·B·A) and re-evaluates. */
    public CompletableFuture<Evaluation> merge() {
        return reevaluate(AdapterMode.MERGED);
    }

    /** Takes the adapter out of W again (a separate path) and re-evaluates. */
    public CompletableFuture<Evaluation> unmerge() {
        return reevaluate(AdapterMode.ON);
    }

    /**
     * Evaluates the selected LoRA variant on the test set with its adapter in {@code mode} (a real
     * forward pass, in the background) and shows the result in its class-error bars.
     */
    public CompletableFuture<Evaluation> reevaluate(AdapterMode mode) {
        RunRecord record = run.get();
        String variant = adapterVariant.get();
        if (record == null || variant == null || record.result().artifacts() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no LoRA variant to evaluate"));
        }
        if (evaluating.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("an evaluation is running"));
        }
        long gen = generation;
        RunArtifacts artifacts = record.result().artifacts();
        evaluating.set(true);
        evaluationNote.set("evaluating " + variant + " with the adapter " + describe(mode) + "…");
        long started = System.nanoTime();
        CompletableFuture<Evaluation> done = CompletableFuture.supplyAsync(
                () -> RunInspector.evaluate(artifacts, variant, mode), background);
        done.whenComplete((e, error) -> ui.execute(() -> {
            if (gen != generation) {
                return;
            }
            evaluating.set(false);
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                evaluationNote.set("evaluation failed: " + cause.getMessage());
                prompts.get().showError("Evaluation failed", String.valueOf(cause.getMessage()));
                return;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            modes.put(variant, mode);
            shown.put(variant, e);
            classErrors.put(variant, e);
            if (variant.equals(adapterVariant.get())) {
                adapterMode.set(mode);
            }
            evaluationNote.set(String.format(Locale.ROOT, "%s, adapter %s: %s (re-evaluated in %.1f s)",
                    variant, describe(mode), e.isRegression()
                            ? String.format(Locale.ROOT, "test MSE %.5f", e.mse())
                            : String.format(Locale.ROOT, "%d errors, accuracy %.2f%%", e.totalErrors(), e.accuracy() * 100),
                    seconds));
            if (variant.equals(galleryVariant.get())) {
                loadGallery();
            }
        }));
        return done;
    }

    /** The series name a loaded adapter folder's evaluation gets in the class-error bars. */
    public static final String LOADED_SERIES = "loaded adapter";

    /** Saves a LoRA variant of the shown run as a PEFT adapter folder, in the background. */
    public CompletableFuture<Path> saveAdapter(String variant, Path dir) {
        RunRecord record = run.get();
        if (record == null || record.result().artifacts() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no run with adapters to save"));
        }
        RunArtifacts artifacts = record.result().artifacts();
        status.set("Saving " + variant + "'s adapter to " + dir + "…");
        CompletableFuture<Path> done = CompletableFuture.supplyAsync(() -> {
            try {
                RunInspector.saveAdapter(artifacts, variant, dir);
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (dev.lorabench.data.DataException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, background);
        done.whenComplete((path, error) -> ui.execute(() -> {
            if (error == null) {
                status.set("Saved " + variant + "'s adapter to " + path + " (PEFT layout)");
            } else {
                String m = message(error);
                status.set("Saving the adapter failed: " + m);
                prompts.get().showError("Saving the adapter failed", WorkbenchViewModel.cliLine(m));
            }
        }));
        return done;
    }

    /**
     * Loads a PEFT adapter folder into a fresh model of the shown run (its architecture, base and
     * LoRA targets), evaluates it on the run's test set and shows the result as the bars of
     * {@link #LOADED_SERIES}, plus the folder's config in a dialog.
     */
    public CompletableFuture<Evaluation> loadAdapter(Path dir) {
        RunRecord record = run.get();
        if (record == null || record.result().artifacts() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("select a finished run to load the adapter into"));
        }
        RunArtifacts artifacts = record.result().artifacts();
        long gen = generation;
        evaluating.set(true);
        evaluationNote.set("loading and evaluating " + dir.getFileName() + "…");
        CompletableFuture<String> info = new CompletableFuture<>();
        CompletableFuture<Evaluation> done = CompletableFuture.supplyAsync(() -> {
            try {
                info.complete(describe(dev.lorabench.interop.PeftAdapters.info(dir)));
                return RunInspector.evaluateAdapterFolder(artifacts, dir);
            } catch (dev.lorabench.data.DataException e) {
                info.complete("");
                throw new java.util.concurrent.CompletionException(e);
            }
        }, background);
        done.whenComplete((e, error) -> ui.execute(() -> {
            if (gen != generation) {
                return;
            }
            evaluating.set(false);
            if (error != null) {
                String m = message(error);
                evaluationNote.set("loading the adapter failed: " + m);
                prompts.get().showError("Loading the adapter failed", WorkbenchViewModel.cliLine(m));
                return;
            }
            shown.put(LOADED_SERIES, e);
            classErrors.put(LOADED_SERIES, e);
            String result = e.isRegression()
                    ? String.format(Locale.ROOT, "test MSE %.5f", e.mse())
                    : String.format(Locale.ROOT, "%d errors, accuracy %.2f%%", e.totalErrors(), e.accuracy() * 100);
            evaluationNote.set(dir.getFileName() + " loaded into this run's base: " + result);
            prompts.get().showInfo("Adapter " + dir.getFileName(),
                    info.getNow("") + "\nEvaluated on this run's test set: " + result);
        }));
        return done;
    }

    private static String describe(dev.lorabench.interop.PeftAdapters.Info info) {
        var c = info.config();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "r = %d, alpha = %s%s, dropout %s%n", c.r(), c.alpha(), c.rsLora() ? " (rsLoRA)" : "",
                c.dropout()));
        b.append("targets: ").append(String.join(", ", c.targetModules())).append('\n');
        c.lorabench().forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        b.append(String.format(Locale.ROOT, "%d tensors, %,d trainable values", info.tensors().size(), info.trainable()));
        return b.toString();
    }

    private static String message(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }

    /** Shows a variant's ("base" or a name) wrong test images of class {@code trueClass}. */
    public void showMisclassified(String variant, int trueClass) {
        boolean same = variant.equals(galleryVariant.get()) && Integer.valueOf(trueClass).equals(galleryClass.get());
        galleryVariant.set(variant);
        galleryClass.set(trueClass);
        if (same) {
            loadGallery();
        }
    }

    /** Shows the wrong images of a bar of the class-error chart (series × class name). */
    public boolean showMisclassifiedBar(String series, String className) {
        int c = galleryClasses.indexOf(className);
        if (c < 0 || !galleryVariants.contains(series)) {
            return false;
        }
        showMisclassified(series, c);
        return true;
    }

    /** The worst class of the run's base (the gallery's natural first choice), or -1. */
    public int worstClass() {
        RunRecord r = run.get();
        return r == null || r.result().base().evaluation().isRegression() ? -1 : r.result().base().evaluation().worstClass();
    }

    /** Writes a chart as PNG or its data as CSV, in the background. */
    public CompletableFuture<Path> export(AnalysisExport kind, Path target) {
        RunRecord record = run.get();
        if (record == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no run to export"));
        }
        RunResult result = record.result();
        LayerSpectra spectra = selectedSpectra();
        List<IntegrityBadge> badgeCopy = List.copyOf(badges);
        List<GainRow> gains = List.copyOf(gainRows);
        SvdPrimer p = primer.get();
        String pLayer = primerLayer.get();
        int k = primerK.get();
        status.set("Exporting " + target.getFileName() + "…");
        CompletableFuture<Path> done = CompletableFuture.supplyAsync(() -> {
            try {
                write(kind, target, result, spectra, badgeCopy, gains, pLayer, p, k);
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, background);
        done.whenComplete((path, error) -> ui.execute(() -> {
            if (error == null) {
                status.set("Wrote " + path);
            } else {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                status.set("Export failed: " + cause.getMessage());
                prompts.get().showError("Export failed", String.valueOf(cause.getMessage()));
            }
        }));
        return done;
    }

    /** A default file name for an analysis export of the shown run. */
    public String defaultFileName(AnalysisExport kind) {
        RunRecord r = run.get();
        String stem = r == null ? "lorabench" : r.stem();
        boolean perLayer = switch (kind) {
            case SPECTRUM_PNG, SPECTRUM_CSV, SIMILARITY_PNG, SIMILARITY_CSV -> layer.get() != null;
            case PRIMER_PNG, PRIMER_CSV -> primerLayer.get() != null;
            default -> false;
        };
        String l = kind == AnalysisExport.PRIMER_PNG || kind == AnalysisExport.PRIMER_CSV ? primerLayer.get() : layer.get();
        return stem + (perLayer ? "-layer" + l.replaceAll("[^A-Za-z0-9._-]", "_") : "") + kind.suffix();
    }

    // ---- helpers ----

    private static void write(AnalysisExport kind, Path target, RunResult result, LayerSpectra s,
            List<IntegrityBadge> badges, List<GainRow> gains, String pLayer, SvdPrimer p, int k) throws IOException {
        switch (kind) {
            case INTEGRITY_CSV -> AtomicWrite.writeString(target, AnalysisCsv.integrity(badges));
            case SPECTRUM_PNG -> ChartFiles.savePng(AnalysisCharts.spectrumChart(need(s, "layer")), target);
            case SPECTRUM_CSV -> AtomicWrite.writeString(target, AnalysisCsv.spectrum(need(s, "layer")));
            case SIMILARITY_PNG -> ChartFiles.savePng(AnalysisCharts.similarityChart(need(s, "layer")), target);
            case SIMILARITY_CSV -> AtomicWrite.writeString(target, AnalysisCsv.similarity(need(s, "layer")));
            case TRUNCATION_PNG -> ChartFiles.savePng(AnalysisCharts.truncationChart(need(result.truncation(), "truncation curve")), target);
            case TRUNCATION_CSV -> AtomicWrite.writeString(target, AnalysisCsv.truncation(need(result.truncation(), "truncation curve")));
            case GAIN_PNG -> ChartFiles.savePng(AnalysisCharts.gainForgettingChart(
                    result.classNames(), deltas(result), result.targetClasses(), RunReport.palette(result)), target);
            case GAIN_CSV -> AtomicWrite.writeString(target, AnalysisCsv.gain(result.classNames(), deltas(result), gains));
            case PRIMER_PNG -> ChartFiles.savePng(AnalysisCharts.svdPrimerChart(pLayer, need(p, "SVD primer"), k), target);
            case PRIMER_CSV -> AtomicWrite.writeString(target, AnalysisCsv.primer(pLayer, need(p, "SVD primer")));
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static <T> T need(T value, String what) throws IOException {
        if (value == null) {
            throw new IOException("this run has no " + what + " to export");
        }
        return value;
    }

    private LayerSpectra selectedSpectra() {
        RunRecord r = run.get();
        String l = layer.get();
        if (r == null || l == null) {
            return null;
        }
        return r.result().spectra().stream().filter(s -> s.path().equals(l)).findFirst().orElse(null);
    }

    private void showTensors(String variant) {
        tensors.setAll(badges.stream().filter(b -> b.variant().equals(variant)).findFirst()
                .map(IntegrityBadge::tensors).orElse(List.of()));
    }

    private void showLayer(String path) {
        LayerSpectra s = selectedSpectra();
        if (path == null || s == null) {
            spectrumChart.set(null);
            similarityChart.set(null);
            spectrumRows.clear();
            return;
        }
        labNote.set("");
        spectrumChart.set(AnalysisCharts.spectrumChart(s));
        similarityChart.set(s.similarityLabels().isEmpty() ? null : AnalysisCharts.similarityChart(s));
        List<String> names = new ArrayList<>(s.effectiveRank().keySet());
        names.sort(RunReport.palette(run.get().result()).order());
        spectrumRows.setAll(names.stream().map(n -> new SpectrumRow(n, s.effectiveRank().get(n),
                s.energyRank90().getOrDefault(n, 0), s.amplification().getOrDefault(n, Double.NaN))).toList());
    }

    /** Variant → per-class Δ errors against the base (classification runs; empty otherwise). */
    static Map<String, List<Integer>> deltas(RunResult result) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        if (result.base().evaluation().isRegression()) {
            return out;
        }
        List<Integer> base = result.base().evaluation().classErrors();
        for (VariantResult v : result.variants()) {
            out.put(v.spec().name(), GainForgetting.of(base, v.evaluation().classErrors(), result.targetClasses()).deltaErrors());
        }
        return out;
    }

    /** Gain and forgetting rows of one run (empty for regression). */
    static List<GainRow> gainRows(RunRecord record) {
        RunResult result = record.result();
        if (result.base().evaluation().isRegression()) {
            return List.of();
        }
        List<Integer> base = result.base().evaluation().classErrors();
        return result.variants().stream().map(v -> {
            GainForgetting g = GainForgetting.of(base, v.evaluation().classErrors(), result.targetClasses());
            return new GainRow(record.number(), result.plan().finetune().replay(), v.spec().name(), g.gain(), g.forgetting());
        }).toList();
    }

    private void refreshGain() {
        RunRecord record = run.get();
        if (record == null || record.result().base().evaluation().isRegression()) {
            gainChart.set(null);
            gainRows.clear();
        } else {
            RunResult result = record.result();
            gainChart.set(AnalysisCharts.gainForgettingChart(result.classNames(), deltas(result), result.targetClasses(), RunReport.palette(result)));
            gainRows.setAll(gainRows(record));
        }
        refreshHistoryGains();
    }

    private void refreshHistoryGains() {
        List<GainRow> all = new ArrayList<>();
        history.forEach(r -> all.addAll(gainRows(r)));
        historyGainRows.setAll(all);
    }

    private void loadGallery() {
        RunRecord record = run.get();
        String variant = galleryVariant.get();
        Integer c = galleryClass.get();
        long request = ++galleryRequest;
        if (record == null || variant == null || c == null || record.result().artifacts() == null) {
            gallery.clear();
            galleryLoading.set(false);
            return;
        }
        Evaluation e = evaluationOf(variant);
        if (e == null) {
            gallery.clear();
            galleryNote.set("no evaluation of " + variant);
            return;
        }
        RunArtifacts artifacts = record.result().artifacts();
        galleryLoading.set(true);
        String className = c < galleryClasses.size() ? galleryClasses.get(c) : String.valueOf(c);
        galleryNote.set("finding " + variant + "'s mistakes on " + className + "…");
        CompletableFuture.supplyAsync(() -> RunInspector.misclassified(artifacts, e, c, GALLERY_LIMIT), background)
                .whenComplete((list, error) -> ui.execute(() -> {
                    if (request != galleryRequest) {
                        return;
                    }
                    galleryLoading.set(false);
                    if (error != null) {
                        gallery.clear();
                        galleryNote.set("could not list the images: " + error.getMessage());
                        return;
                    }
                    gallery.setAll(list);
                    int total = e.classErrors().get(c);
                    String mode = modes.containsKey(variant) ? " (adapter " + describe(modes.get(variant)) + ")" : "";
                    galleryNote.set(String.format(Locale.ROOT, "%s%s gets %d of %d test images of %s wrong%s",
                            variant, mode, total, e.classCounts().get(c), className,
                            total > list.size() ? "; showing the " + list.size() + " most confident" : ""));
                }));
    }

    private void computePrimer(String path) {
        RunRecord record = run.get();
        long request = ++primerRequest;
        if (record == null || path == null || record.result().artifacts() == null) {
            primer.set(null);
            primerChart.set(null);
            primerComputing.set(false);
            return;
        }
        Matrix w = record.result().artifacts().baseWeights().get(path);
        if (w == null) {
            return;
        }
        primerComputing.set(true);
        primerShape.set("factorising " + w.rows() + "×" + w.cols() + "…");
        CompletableFuture.supplyAsync(() -> SvdPrimer.of(w), background)
                .whenComplete((p, error) -> ui.execute(() -> {
                    if (request != primerRequest) {
                        return;
                    }
                    primerComputing.set(false);
                    if (error != null) {
                        primerShape.set("SVD failed: " + error.getMessage());
                        return;
                    }
                    primer.set(p);
                    int shortSide = Math.min(p.rows(), p.cols());
                    primerShape.set(String.format(Locale.ROOT, "W is %d×%d (%,d values) · numerical rank %d%s",
                            p.rows(), p.cols(), (long) p.rows() * p.cols(), p.numericalRank(),
                            p.sigma().length < shortSide ? " among the top " + p.sigma().length + " of " + shortSide + " singular values" : ""));
                    int k = Math.max(1, Math.min(primerK.get(), p.sigma().length));
                    if (k == primerK.get()) {
                        showPrimerK();
                    } else {
                        primerK.set(k);
                    }
                }));
    }

    private void showPrimerK() {
        SvdPrimer p = primer.get();
        if (p == null || p.sigma().length == 0) {
            primerAtK.set("");
            return;
        }
        int k = Math.max(1, Math.min(primerK.get(), p.sigma().length));
        long full = (long) p.rows() * p.cols();
        long atK = p.parametersAtK()[k - 1];
        primerAtK.set(String.format(Locale.ROOT,
                "k = %d: σ_k = %.4g · relative error ‖W − W_k‖/‖W‖ = %.4f · storage k·(m+n) = %,d vs m·n = %,d (%.1f%%)",
                k, p.sigma()[k - 1], p.relativeError()[k - 1], atK, full, 100.0 * atK / full));
        primerChart.set(AnalysisCharts.svdPrimerChart(primerLayer.get(), p, k));
    }

    static String describe(AdapterMode mode) {
        switch (mode) {
            case OFF:
                return "off";
            case MERGED:
                return "merged into W";
            default:
                return "on";
        }
    }
}
