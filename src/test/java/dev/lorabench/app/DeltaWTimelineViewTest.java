package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.LayerTimeline;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Section7;
import dev.lorabench.analysis.Section7Lab;
import dev.lorabench.analysis.SpectrumSample;
import dev.lorabench.analysis.WeightUpdate;
import dev.lorabench.app.analysis.AnalysisExport;
import dev.lorabench.app.analysis.AnalysisTabs;
import dev.lorabench.app.analysis.AnalysisViewModel;
import dev.lorabench.app.analysis.DeltaWTimelineViewModel;
import dev.lorabench.app.analysis.DirectionChoice;
import dev.lorabench.app.analysis.ReplayRerun;
import dev.lorabench.app.run.ClassErrorChartModel;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.data.MnistSmall;
import dev.lorabench.model.Architecture;
import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.report.ChartStyle;
import dev.lorabench.report.DeltaWTimelineCharts;
import dev.lorabench.train.DirectionEffect;
import dev.lorabench.train.ExperimentRunner;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The "ΔW over time" tab in a real (headless) window on a real tiny run (MNIST subset, LoRA r2, 6
 * steps): it shows the timeline, the slider scrubs it, removing a direction shows the per-class
 * change the engine measures, and the exports write what the tab shows.
 */
@ExtendWith(ApplicationExtension.class)
class DeltaWTimelineViewTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static RunResult run;
    private static ExecutorService background;

    @TempDir
    Path temp;

    private final List<String> errors = new ArrayList<>();
    private final ObservableList<RunRecord> history = FXCollections.observableArrayList();
    private AnalysisViewModel vm;
    private Stage stage;

    @BeforeAll
    static void train() throws Exception {
        ExperimentPlan plan = ExperimentPlan.builder().setModel(Architecture.MLP).setDataset("mnist").setBaseEpochs(1)
                .setBatchSize(32).setLr(1e-3f).setTrainLimit(400).setTestLimit(200)
                .setFinetuneClasses(ClassSelection.worstClass()).setFinetuneEpochs(5).setFinetuneSteps(6)
                .setRanks(List.of(2)).setFull(false).setTargets("linear").build();
        run = new ExperimentRunner(dataset -> MnistSmall.load()).run(plan, e -> { }, new AtomicBoolean());
        background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "timeline-test");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        background.shutdownNow();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        vm = new AnalysisViewModel(new TaskExecutor(background, Platform::runLater), new ClassErrorChartModel(),
                history, () -> new UserPrompts() {
                    @Override
                    public void offerFetch(String dataset, String detail, Runnable fetch) {}

                    @Override
                    public void showError(String title, String message) {
                        errors.add(title + ": " + message);
                    }
                });
        TabPane tabs = AnalysisTabs.build(vm, new ReplayRerun(new SimpleStringProperty("0"), new SimpleBooleanProperty(false),
                s -> false), openGallery -> new Label("charts"));
        tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "tabDeltaWTime".equals(t.getId())).findFirst().orElseThrow());
        stage.setScene(new Scene(tabs, 1100, 760));
        stage.show();
    }

    private void show(RunResult result) {
        WaitForAsyncUtils.asyncFx(() -> vm.load(new RunRecord(1, result, LocalTime.NOON)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * The analysis tabs are built when first selected (AnalysisTabs.lazyTab), so a pane may first
     * appear after its run was loaded: each must show that run, not wait for the next change. The
     * run is the real one with the §7 findings of its last layer added (2000 → 10: kMax 5, below
     * the default k of 10), from its own weights and adapter; all three layers' would cost seconds.
     */
    @Test
    void tabsFirstOpenedAfterTheRunWasLoadedShowIt(FxRobot robot) throws Exception {
        RunRecord record = new RunRecord(1, withSection7(run, "4"), LocalTime.NOON);
        WaitForAsyncUtils.asyncFx(() -> {
            history.add(record);
            vm.load(record);
        }).get();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.primer().computingProperty().get()
                && vm.primer().primerProperty().get() != null && !vm.gallery().loadingProperty().get());
        settle();
        assertEquals(5, vm.intruders().kMaxProperty().get(), "half of min(10, 2000)");
        TabPane later = WaitForAsyncUtils.asyncFx(() -> {
            TabPane tabs = AnalysisTabs.build(vm, new ReplayRerun(new SimpleStringProperty("0.25"),
                    new SimpleBooleanProperty(false), s -> false), g -> new Label("charts"));
            stage.getScene().setRoot(tabs);
            return tabs;
        }).get();
        Map<String, Node> panes = new LinkedHashMap<>();
        for (Tab tab : later.getTabs().subList(1, later.getTabs().size())) {
            panes.put(tab.getId(), FirstOpenedTabs.open(robot, later, tab.getId()));
        }
        assertEquals(13, panes.size(), panes.keySet().toString());
        settle();
        // Every pane's checks, so that one broken pane does not hide another.
        assertAll(
                () -> FirstOpenedTabs.integrity(panes.get("tabIntegrity"), vm),
                () -> FirstOpenedTabs.deltaW(panes.get("tabDeltaW"), vm),
                () -> FirstOpenedTabs.section7(panes.get("tabSection7"), vm),
                () -> FirstOpenedTabs.intruders(panes.get("tabIntruders"), vm),
                () -> FirstOpenedTabs.algebra(panes.get("tabAlgebra"), vm),
                () -> FirstOpenedTabs.deltaWTimeline(panes.get("tabDeltaWTime"), vm),
                () -> FirstOpenedTabs.gain(panes.get("tabGain"), vm, "0.25"),
                () -> FirstOpenedTabs.comparisons(panes.get("tabComparisons"), vm),
                () -> FirstOpenedTabs.pareto(panes.get("tabPareto"), vm),
                () -> FirstOpenedTabs.trajectory(panes.get("tabTrajectory"), vm),
                () -> FirstOpenedTabs.confusion(panes.get("tabConfusion"), vm),
                () -> FirstOpenedTabs.gallery(panes.get("tabGallery"), vm),
                () -> FirstOpenedTabs.primer(panes.get("tabPrimer"), vm));
        // The spinner capped the default k at the layer's kMax and wrote it back, as it does when
        // a smaller layer is chosen in a pane built before the run.
        assertEquals(5, vm.intruders().kProperty().get());
    }

    /** Lets the background work queued so far (and the answers it hands the FX thread) finish. */
    private static void settle() throws Exception {
        for (int i = 0; i < 2; i++) {
            background.submit(() -> { }).get(30, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    /** {@code r} with the §7 and intruder findings of {@code layer} alone, from its base weight and its LoRA variant's factors. */
    private static RunResult withSection7(RunResult r, String layer) {
        LoraVariant lora = r.artifacts().factors().keySet().iterator().next();
        LoraFactors f = r.artifacts().factors().get(lora).get(layer);
        Section7 s = Section7Lab.analyse(new Section7Lab.Inputs(Map.of(layer, r.artifacts().baseWeights().get(layer)),
                Map.of(lora, Map.of(layer, new WeightUpdate.LowRank(f))), Map.of(lora, Map.of(layer, f)), Map.of()), () -> { });
        return new RunResult(r.plan(), r.environment(), r.classNames(), r.targetClasses(), r.finetuneSamples(), r.base(),
                r.variants(), r.seconds(), r.spectra(), r.truncation(), r.artifacts(), r.seedRuns(), s, r.deltaWTimeline(),
                r.taskPair());
    }

    @Test
    void theTabShowsScrubsAndRemovesADirection(FxRobot robot) throws Exception {
        show(run);
        DeltaWTimelineViewModel t = vm.deltaWTimeline();
        LayerTimeline layer = run.deltaWTimeline().variant("lora-r2").layer("0");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), layer.steps(), "6 steps: one sample each, and step 0");
        assertEquals("lora-r2", robot.lookup("#timelineVariantCombo").queryAs(ComboBox.class).getValue());
        assertEquals("0", robot.lookup("#timelineLayerCombo").queryAs(ComboBox.class).getValue());
        Slider slider = robot.lookup("#timelineSlider").queryAs(Slider.class);
        assertEquals(6, slider.getMax());
        assertEquals(6, slider.getValue(), 0, "it opens at the end, the ΔW the lab shows");
        assertSpectrum(t.spectrumChartProperty().get(), layer.samples().get(6), layer.last());
        assertTrue(robot.lookup("#timelineStepText").queryAs(Label.class).getText().startsWith("step 6 of 6"));

        // Scrub back to step 2: the spectrum, the marker and the line follow.
        robot.interact(() -> slider.setValue(2));
        assertEquals(2, t.stepIndexProperty().get());
        assertSpectrum(t.spectrumChartProperty().get(), layer.samples().get(2), layer.last());
        XYPlot ranks = t.ranksChartProperty().get().getXYPlot();
        assertEquals(2, ((ValueMarker) ranks.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator().next()).getValue());
        XYDataset erank = ranks.getDataset(DeltaWTimelineCharts.RANKS);
        for (int i = 0; i < layer.samples().size(); i++) {
            assertEquals(layer.samples().get(i).effectiveRank(), erank.getYValue(0, i), 0);
        }
        assertTrue(robot.lookup("#timelineStepText").queryAs(Label.class).getText().startsWith("step 2 of 6"));
        String name = vm.exports().defaultFileName(AnalysisExport.DW_STEP_SPECTRUM_PNG);
        assertTrue(name.endsWith("-lora-r2-layer0-step2-dw-step-spectrum.png"), name);

        // Charts follow the window's theme, the φ axis on the right included.
        robot.interact(() -> vm.chartStyleProperty().set(ChartStyle.DARK));
        JFreeChart shown = t.ranksChartProperty().get();
        assertEquals(ChartStyle.DARK.background(), shown.getBackgroundPaint());
        assertEquals(ChartStyle.DARK.text(), shown.getXYPlot().getRangeAxis(DeltaWTimelineCharts.PHI).getLabelPaint());
        robot.interact(() -> vm.chartStyleProperty().set(ChartStyle.LIGHT));

        // Remove σ₁, then at once σ₂: the removals are coalesced and only σ₂'s answer is shown.
        @SuppressWarnings("unchecked")
        ComboBox<DirectionChoice> direction = robot.lookup("#timelineDirectionCombo").queryAs(ComboBox.class);
        assertEquals(layer.last().size(), direction.getItems().size());
        robot.interact(() -> {
            direction.getSelectionModel().select(0);
            direction.getSelectionModel().select(1);
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> t.effectProperty().get() != null && !t.computingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        DirectionEffect effect = t.effectProperty().get();
        assertEquals(List.of(1), effect.removed().get("0"));
        assertEquals(layer.last().sigma(1), effect.removedSigma().get("0").get(0), 1e-12);
        VariantResult own = run.variants().get(0);
        // The variant as trained, re-evaluated: the run's own evaluation of it.
        assertEquals(own.evaluation().confusion(), effect.own().confusion());
        CategoryDataset bars = t.effectChartProperty().get().getCategoryPlot().getDataset();
        for (int c = 0; c < 10; c++) {
            int delta = effect.without().classErrors().get(c) - own.evaluation().classErrors().get(c);
            assertEquals(delta, bars.getValue(0, c).intValue(), "class " + c);
        }
        assertTrue(robot.lookup("#timelineEffectText").queryAs(Label.class).getText().startsWith("Without σ2"));

        // Exports: the timeline as CSV, both charts and the direction's effect.
        Path csv = temp.resolve("timeline.csv");
        vm.exports().export(AnalysisExport.DW_TIMELINE_CSV, csv).get();
        List<String> lines = Files.readAllLines(csv);
        assertEquals("variant,layer,step,effective_rank,energy_rank90,phi_input,phi_output,index,sigma", lines.get(0));
        int rows = 0;
        for (LayerTimeline l : run.deltaWTimeline().variant("lora-r2").layers()) {
            for (SpectrumSample s : l.samples()) {
                rows += Math.max(1, s.size());
            }
        }
        assertEquals(rows + 1, lines.size());
        assertTrue(lines.get(1).startsWith("lora-r2,0,0,0.0,0,0.0,0.0,,"), lines.get(1));
        for (AnalysisExport png : List.of(AnalysisExport.DW_STEP_SPECTRUM_PNG, AnalysisExport.DW_RANKS_PNG,
                AnalysisExport.DW_DIRECTION_PNG)) {
            Path file = temp.resolve(png.name() + ".png");
            vm.exports().export(png, file).get();
            assertArrayEquals(PNG_MAGIC, java.util.Arrays.copyOf(Files.readAllBytes(file), 8), png.name());
        }
        Path effectCsv = temp.resolve("direction.csv");
        vm.exports().export(AnalysisExport.DW_DIRECTION_CSV, effectCsv).get();
        List<String> effectLines = Files.readAllLines(effectCsv);
        assertEquals("variant,removed,class,errors,errors_without,delta", effectLines.get(0));
        assertEquals(11, effectLines.size());
        for (int c = 0; c < 10; c++) {
            String[] cells = effectLines.get(c + 1).split(",");
            assertEquals(Integer.parseInt(cells[4]) - Integer.parseInt(cells[3]), Integer.parseInt(cells[5]));
            assertEquals(own.evaluation().classErrors().get(c), Integer.parseInt(cells[3]));
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aRunWithoutATimelineSaysSo(FxRobot robot) {
        show(FakeRuns.run());
        assertEquals(DeltaWTimelineViewModel.NONE, vm.deltaWTimeline().noteProperty().get());
        assertNull(vm.deltaWTimeline().spectrumChartProperty().get());
        assertTrue(robot.lookup("#timelineSlider").queryAs(Slider.class).isDisabled());
        assertFalse(robot.lookup("#timelineNote").queryAs(Label.class).getText().isEmpty());
    }

    /** The chart's step series holds the sample's σ, its faint series the end's. */
    private static void assertSpectrum(JFreeChart chart, SpectrumSample now, SpectrumSample end) {
        XYDataset data = chart.getXYPlot().getDataset();
        assertEquals(now.size(), data.getItemCount(DeltaWTimelineCharts.NOW));
        for (int i = 0; i < now.size(); i++) {
            assertEquals(i + 1, data.getXValue(DeltaWTimelineCharts.NOW, i));
            assertEquals(now.sigma(i), data.getYValue(DeltaWTimelineCharts.NOW, i), 0);
        }
        assertEquals(end.size(), data.getItemCount(DeltaWTimelineCharts.END));
        for (int i = 0; i < end.size(); i++) {
            assertEquals(end.sigma(i), data.getYValue(DeltaWTimelineCharts.END, i), 0);
        }
    }
}
