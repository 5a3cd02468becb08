package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.IntegrityCertificate;
import dev.lorabench.app.analysis.AnalysisExport;
import dev.lorabench.app.analysis.AnalysisTabs;
import dev.lorabench.app.analysis.AnalysisViewModel;
import dev.lorabench.app.analysis.ComparisonFilter;
import dev.lorabench.app.analysis.ComparisonsViewModel;
import dev.lorabench.app.analysis.ReplayRerun;
import dev.lorabench.app.analysis.TrajectoryViewModel;
import dev.lorabench.app.run.ClassErrorChartModel;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.data.ImageSet;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Variant;
import dev.lorabench.report.ParetoChart;
import dev.lorabench.report.ParetoPoint;
import dev.lorabench.report.TrajectoryCurve;
import dev.lorabench.train.BaseResult;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.Misclassified;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.SeedRun;
import dev.lorabench.train.TestArtifacts;
import dev.lorabench.train.TrajectoryPoint;
import dev.lorabench.train.VariantResult;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Pareto, Trajectories and Confusion tabs in a real (headless) window, on results built here:
 * every expected number is worked out by hand in the comments, none read back from the code.
 */
@ExtendWith(ApplicationExtension.class)
class OutcomeViewsTest {

    @TempDir
    Path temp;

    private final List<String> errors = new ArrayList<>();
    private final AnalysisViewModel vm = new AnalysisViewModel(new TaskExecutor(Runnable::run, Runnable::run),
            new ClassErrorChartModel(), FXCollections.observableArrayList(), () -> new UserPrompts() {
                @Override
                public void offerFetch(String dataset, String detail, Runnable fetch) {}

                @Override
                public void showError(String title, String message) {
                    errors.add(title + ": " + message);
                }
            });
    private TabPane tabs;

    @Start
    void start(Stage stage) {
        tabs = AnalysisTabs.build(vm, new ReplayRerun(new SimpleStringProperty("0"), new SimpleBooleanProperty(false),
                s -> false), openGallery -> new Label("charts"));
        stage.setScene(new Scene(tabs, 1000, 700));
        stage.show();
    }

    // Base of FakeRuns.run(): 10 test images per class, errors 1 1 1 5 1 1 1 1 1 1, target class 3.
    private static Evaluation errs(int... errors) {
        return FakeRuns.classification(errors);
    }

    private static SeedRun seed(String variant, int index, Evaluation e, int divergedAt) {
        return new SeedRun(variant, index, 100 + index, FakeRuns.losses(3, 1), e, divergedAt);
    }

    private static VariantResult withTrajectory(VariantResult v, List<TrajectoryPoint> points) {
        return new VariantResult(v.spec(), v.alpha(), v.trainableParameters(), v.layerParameters(), v.losses(), v.evaluation(),
                v.baseSha256After(), v.baseUnchanged(), v.seconds(), v.integrity(), v.divergedAtStep(), v.validationLosses(),
                v.stoppedEarlyAfterEpoch(), points);
    }

    private static RunResult with(RunResult r, List<VariantResult> variants, List<SeedRun> seeds) {
        return new RunResult(r.plan(), r.environment(), r.classNames(), r.targetClasses(), r.finetuneSamples(), r.base(),
                variants, r.seconds(), r.spectra(), r.truncation(), r.artifacts(), seeds);
    }

    private void show(RunResult result) {
        WaitForAsyncUtils.asyncFx(() -> vm.load(new RunRecord(1, result, LocalTime.NOON)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void paretoPointsAreSeedMeansWithMinMaxWhiskersOnALogAxis(FxRobot robot) throws Exception {
        RunResult fake = FakeRuns.run();
        List<SeedRun> seeds = List.of(
                // lora-r1: gains 3, 2, 4 (mean 3); forgetting 0, 1, 3 (mean 4/3).
                seed("lora-r1", 0, errs(1, 1, 1, 2, 1, 1, 1, 1, 1, 1), 0),
                seed("lora-r1", 1, errs(1, 1, 1, 3, 1, 2, 1, 1, 1, 1), 0),
                seed("lora-r1", 2, errs(2, 1, 1, 1, 1, 1, 1, 1, 1, 3), 0),
                // lora-r2: gains 4, 5 (mean 4.5); forgetting 1, 0 (mean 0.5); seed 1 diverged and is left out.
                seed("lora-r2", 0, errs(1, 1, 1, 1, 1, 1, 1, 1, 1, 2), 0),
                seed("lora-r2", 1, errs(10, 10, 10, 10, 10, 10, 10, 10, 10, 10), 4),
                seed("lora-r2", 2, errs(1, 1, 1, 0, 1, 1, 1, 1, 1, 1), 0),
                // full: every seed diverged, nothing to draw.
                seed("full", 0, errs(9, 9, 9, 9, 9, 9, 9, 9, 9, 9), 2),
                seed("full", 1, errs(9, 9, 9, 9, 9, 9, 9, 9, 9, 9), 3));
        show(with(fake, fake.variants(), seeds));

        List<ParetoPoint> points = List.copyOf(vm.pareto().points());
        assertEquals(List.of("lora-r1", "lora-r2", "full"), points.stream().map(ParetoPoint::name).toList());
        assertEquals(new ParetoPoint(Variant.lora(1), 10, 3, 0, new ParetoPoint.Spread(3, 2, 4),
                new ParetoPoint.Spread(4.0 / 3, 0, 3)), points.get(0));
        assertEquals(new ParetoPoint(Variant.lora(2), 20, 2, 1, new ParetoPoint.Spread(4.5, 4, 5),
                new ParetoPoint.Spread(0.5, 0, 1)), points.get(1));
        assertEquals(new ParetoPoint(Variant.full(), 1000, 0, 2, null, null), points.get(2));

        JFreeChart chart = vm.pareto().chartProperty().get();
        CombinedDomainXYPlot plot = assertInstanceOf(CombinedDomainXYPlot.class, chart.getPlot());
        assertInstanceOf(LogAxis.class, plot.getDomainAxis(), "trainable parameters on a log axis");
        XYPlot gain = (XYPlot) plot.getSubplots().get(ParetoChart.GAIN_PLOT);
        XYPlot forgetting = (XYPlot) plot.getSubplots().get(ParetoChart.FORGETTING_PLOT);
        // Drawn: r1 at x 10 and r2 at x 20 (full is not); y mean, whiskers min..max.
        assertWhiskers((IntervalXYDataset) gain.getDataset(), new double[][] {{10, 3, 2, 4}, {20, 4.5, 4, 5}});
        assertWhiskers((IntervalXYDataset) forgetting.getDataset(), new double[][] {{10, 4.0 / 3, 0, 3}, {20, 0.5, 0, 1}});
        // r1's mean forgetting is the largest: the reddest end of the scale.
        assertEquals(new Color(0xb2, 0x18, 0x2b), gain.getRenderer().getItemFillPaint(0, 0));
        assertTrue(subtitles(chart).contains("Not drawn (every seed diverged): full"), subtitles(chart));

        robot.interact(() -> select("tabPareto"));
        assertTrue(robot.lookup("#paretoChart").query().isVisible());
        assertTrue(vm.pareto().noteProperty().get().contains("mean of 3 seeds"), vm.pareto().noteProperty().get());

        Path csv = temp.resolve("pareto.csv");
        vm.exports().export(AnalysisExport.PARETO_CSV, csv).get();
        assertEquals(List.of(
                "variant,trainable_parameters,seeds,diverged_seeds,gain_mean,gain_min,gain_max,forgetting_mean,forgetting_min,forgetting_max",
                "lora-r1,10,3,0,3.0000000,2,4,1.3333333,0,3",
                "lora-r2,20,2,1,4.5000000,4,5,0.50000000,0,1",
                "full,1000,0,2,,,,,,"), Files.readAllLines(csv));
        Path png = temp.resolve("pareto.png");
        vm.exports().export(AnalysisExport.PARETO_PNG, png).get();
        assertTrue(Files.size(png) > 0);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    private static void assertWhiskers(IntervalXYDataset data, double[][] expected) {
        assertEquals(1, data.getSeriesCount());
        assertEquals(expected.length, data.getItemCount(0));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], data.getXValue(0, i), 1e-9);
            assertEquals(expected[i][1], data.getYValue(0, i), 1e-9);
            assertEquals(expected[i][2], data.getStartYValue(0, i), 1e-9);
            assertEquals(expected[i][3], data.getEndYValue(0, i), 1e-9);
        }
    }

    private static String subtitles(JFreeChart chart) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof TextTitle t) {
                texts.add(t.getText());
            }
        }
        return texts.toString();
    }

    @Test
    void trajectoriesRunInStepOrderAndSayWhenNoneWasSampled(FxRobot robot) throws Exception {
        RunResult fake = FakeRuns.run();
        // lora-r1 on the whole test set (100 images, as the base), given out of order.
        VariantResult r1 = withTrajectory(fake.variants().get(0), List.of(
                new TrajectoryPoint(20, List.of(1, 1, 1, 2, 1, 2, 1, 1, 1, 1), 100), // gain 3, forgetting 1
                new TrajectoryPoint(0, List.of(1, 1, 1, 5, 1, 1, 1, 1, 1, 1), 100), //  gain 0, forgetting 0
                new TrajectoryPoint(30, List.of(1, 1, 1, 1, 2, 2, 1, 1, 1, 1), 100), // gain 4, forgetting 2
                new TrajectoryPoint(10, List.of(1, 1, 1, 3, 1, 1, 1, 1, 1, 1), 100))); // gain 2, forgetting 0
        // lora-r2 on 50 test rows: compared with its own step 0; the 40-row point has no reference.
        VariantResult r2 = withTrajectory(fake.variants().get(1), List.of(
                new TrajectoryPoint(0, List.of(0, 1, 0, 3, 0, 0, 1, 0, 0, 0), 50),
                new TrajectoryPoint(15, List.of(0, 1, 0, 1, 0, 1, 1, 0, 0, 0), 50), // gain 2, forgetting 1
                new TrajectoryPoint(25, List.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 40)));
        show(with(fake, List.of(r1, r2, fake.variants().get(2)), List.of()));

        List<TrajectoryCurve> curves = List.copyOf(vm.trajectory().curves());
        assertEquals(List.of(new TrajectoryCurve.Step(0, 0, 0, 100), new TrajectoryCurve.Step(10, 2, 0, 100),
                new TrajectoryCurve.Step(20, 3, 1, 100), new TrajectoryCurve.Step(30, 4, 2, 100)), curves.get(0).steps());
        assertEquals(List.of(new TrajectoryCurve.Step(0, 0, 0, 50), new TrajectoryCurve.Step(15, 2, 1, 50)), curves.get(1).steps());
        assertEquals(1, curves.get(1).leftOut());
        assertTrue(curves.get(2).steps().isEmpty());

        // The chart: x = forgetting, y = gain, joined in step order; full (no points) is not a series.
        XYPlot plot = vm.trajectory().chartProperty().get().getXYPlot();
        XYDataset data = plot.getDataset();
        assertEquals(2, data.getSeriesCount());
        assertSeries(data, 0, "lora-r1", new double[][] {{0, 0}, {0, 2}, {1, 3}, {2, 4}});
        assertSeries(data, 1, "lora-r2", new double[][] {{0, 0}, {1, 2}});
        List<String> labels = new ArrayList<>();
        for (XYAnnotation a : plot.getAnnotations()) {
            if (a instanceof XYTextAnnotation t) {
                labels.add(t.getText().strip() + " @" + t.getX() + "," + t.getY());
            }
        }
        assertTrue(labels.contains("start @0.0,0.0"), labels.toString());
        assertTrue(labels.contains("lora-r1 end (step 30) @2.0,4.0"), labels.toString());
        assertTrue(labels.contains("lora-r2 end (step 15) @1.0,2.0"), labels.toString());
        String note = vm.trajectory().noteProperty().get();
        assertTrue(note.contains("No trajectory sampled for full") && note.contains("1 sampled points"), note);

        Path csv = temp.resolve("trajectories.csv");
        vm.exports().export(AnalysisExport.TRAJECTORY_CSV, csv).get();
        assertEquals(List.of("variant,step,test_samples,gain,forgetting", "lora-r1,0,100,0,0", "lora-r1,10,100,2,0",
                "lora-r1,20,100,3,1", "lora-r1,30,100,4,2", "lora-r2,0,50,0,0", "lora-r2,15,50,2,1"), Files.readAllLines(csv));

        // A run that sampled nothing: no chart, and the tab says why.
        show(FakeRuns.run());
        robot.interact(() -> select("tabTrajectory"));
        assertNull(vm.trajectory().chartProperty().get());
        Label placeholder = robot.lookup("#trajectoryChartPlaceholder").queryAs(Label.class);
        assertTrue(placeholder.isVisible());
        assertEquals(TrajectoryViewModel.NONE, placeholder.getText());
        assertTrue(vm.exports().export(AnalysisExport.TRAJECTORY_PNG, temp.resolve("t.png")).isCompletedExceptionally());
        assertEquals(1, errors.size(), errors.toString());
    }

    private static void assertSeries(XYDataset data, int series, String key, double[][] xy) {
        assertEquals(key, data.getSeriesKey(series));
        assertEquals(xy.length, data.getItemCount(series));
        for (int i = 0; i < xy.length; i++) {
            assertEquals(xy[i][0], data.getXValue(series, i), key + " x " + i);
            assertEquals(xy[i][1], data.getYValue(series, i), key + " y " + i);
        }
    }

    // Four classes, three test images each (labels 0 0 0 1 1 1 2 2 2 3 3 3).
    private static final int[] LABELS = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
    private static final List<String> ABCD = List.of("a", "b", "c", "d");

    private static RunResult fourClassRun() {
        // Base predictions 0 0 1 | 1 1 1 | 2 0 2 | 3 3 2, counted by hand:
        int[][] baseConfusion = {{2, 1, 0, 0}, {0, 3, 0, 0}, {1, 0, 2, 0}, {0, 0, 1, 2}};
        Evaluation base = Evaluation.classification(baseConfusion, new int[] {0, 0, 1, 1, 1, 1, 2, 0, 2, 3, 3, 2},
                new float[] {.9f, .9f, .6f, .9f, .9f, .9f, .9f, .7f, .9f, .9f, .9f, .8f});
        // lora-r1 predictions 0 0 0 | 1 2 2 | 2 2 2 | 3 1 2:
        int[][] r1Confusion = {{3, 0, 0, 0}, {0, 1, 2, 0}, {0, 0, 3, 0}, {0, 1, 1, 1}};
        Evaluation r1 = Evaluation.classification(r1Confusion, new int[] {0, 0, 0, 1, 2, 2, 2, 2, 2, 3, 1, 2},
                new float[] {.9f, .9f, .9f, .9f, .55f, .95f, .9f, .9f, .9f, .9f, .6f, .7f});
        ExperimentPlan plan = ExperimentPlan.builder().setRanks(List.of(1)).setFull(false).build();
        byte[] pixels = new byte[LABELS.length * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        ImageSet images = ImageSet.of(2, 2, 1, pixels, LABELS, ABCD);
        VariantResult lora = new VariantResult(Variant.lora(1), 1f, 10, Map.of(), FakeRuns.losses(3, 1), r1, "sha", true,
                0.5, new IntegrityCertificate(List.of(), Double.NaN, true), 0, List.of(), 0);
        RunResult fake = FakeRuns.run();
        return new RunResult(plan, fake.environment(), ABCD, List.of(1), 12,
                new BaseResult(100, "sha", true, FakeRuns.losses(3, 2), base, 1.0), List.of(lora), 1, List.of(), null,
                TestArtifacts.withTestImages(plan, images));
    }

    @Test
    void deltaConfusionIsTheHandSubtractionAndACellClickOpensExactlyItsImages(FxRobot robot) throws Exception {
        show(fourClassRun());
        assertEquals(List.of("base", "lora-r1"), vm.confusion().variants());
        assertEquals("lora-r1", vm.confusion().variantProperty().get());
        robot.interact(() -> vm.confusion().variantProperty().set("base"));
        assertEquals(List.of(List.of(2, 1, 0, 0), List.of(0, 3, 0, 0), List.of(1, 0, 2, 0), List.of(0, 0, 1, 2)),
                vm.confusion().gridProperty().get().cells());
        robot.interact(() -> {
            vm.confusion().variantProperty().set("lora-r1");
            vm.confusion().deltaProperty().set(true);
        });
        // lora-r1 − base, cell by cell.
        List<List<Integer>> delta = List.of(List.of(1, -1, 0, 0), List.of(0, -2, 2, 0), List.of(-1, 0, 1, 0), List.of(0, 1, 0, -1));
        assertTrue(vm.confusion().gridProperty().get().delta());
        assertEquals(delta, vm.confusion().gridProperty().get().cells());
        XYZDataset heat = (XYZDataset) vm.confusion().chartProperty().get().getXYPlot().getDataset();
        assertEquals(16, heat.getItemCount(0));
        for (int i = 0; i < 16; i++) {
            int predicted = (int) heat.getXValue(0, i);
            int trueClass = (int) heat.getYValue(0, i);
            assertEquals(delta.get(trueClass).get(predicted), (int) heat.getZValue(0, i), "cell " + trueClass + "," + predicted);
        }
        assertFalse(vm.confusion().openCell(1, 1), "a diagonal cell has no mistakes to show");

        // Click the cell (true b, predicted c) on screen: the gallery opens on lora-r1's images 4 and 5.
        robot.interact(() -> select("tabConfusion"));
        WaitForAsyncUtils.waitForFxEvents();
        ChartViewer viewer = robot.lookup("#confusionChart").queryAs(ChartViewer.class);
        Point2D at = WaitForAsyncUtils.asyncFx(() -> cellCentre(viewer, 1, 2)).get();
        robot.clickOn(at);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("tabGallery", tabs.getSelectionModel().getSelectedItem().getId());
        assertEquals("lora-r1", vm.gallery().variantProperty().get());
        assertEquals(1, vm.gallery().classProperty().get());
        assertEquals(2, vm.gallery().predictedProperty().get());
        int cell = 2; // r1Confusion[1][2], written by hand above
        List<Misclassified> shown = List.copyOf(vm.gallery().images());
        assertEquals(cell, shown.size());
        assertEquals(List.of(5, 4), shown.stream().map(Misclassified::testIndex).toList(), "most confident first (.95, .55)");
        assertTrue(shown.stream().allMatch(m -> m.trueClass() == 1 && m.predicted() == 2));
        assertEquals(cell, robot.lookup("#galleryTiles").queryAs(FlowPane.class).getChildren().size());
        assertTrue(vm.gallery().noteProperty().get().contains("2 of them as c"), vm.gallery().noteProperty().get());

        // The filter cleared: every mistake on class b (both predicted c, and none else), as the class-error bars show.
        robot.interact(() -> vm.gallery().predictedProperty().set(null));
        assertEquals(2, vm.gallery().images().size());
        robot.interact(() -> vm.gallery().showPair("lora-r1", 3, 1));
        assertEquals(List.of(10), vm.gallery().images().stream().map(Misclassified::testIndex).toList());
        // Choosing the filtered class itself as the true class drops the filter (a class is never taken for itself).
        robot.interact(() -> vm.gallery().classProperty().set(1));
        assertNull(vm.gallery().predictedProperty().get());
        assertEquals(List.of(5, 4), vm.gallery().images().stream().map(Misclassified::testIndex).toList());

        Path csv = temp.resolve("confusion.csv");
        vm.exports().export(AnalysisExport.CONFUSION_CSV, csv).get();
        assertEquals(List.of("variant,cells,true_class,predicted_a,predicted_b,predicted_c,predicted_d",
                "lora-r1,delta,a,1,-1,0,0", "lora-r1,delta,b,0,-2,2,0", "lora-r1,delta,c,-1,0,1,0", "lora-r1,delta,d,0,1,0,-1"),
                Files.readAllLines(csv));
        assertTrue(vm.exports().defaultFileName(AnalysisExport.CONFUSION_PNG).endsWith("-lora-r1-delta-confusion.png"),
                vm.exports().defaultFileName(AnalysisExport.CONFUSION_PNG));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    /** The screen point at the middle of a confusion cell as the viewer last drew it. */
    private static Point2D cellCentre(ChartViewer viewer, int trueClass, int predicted) {
        var info = viewer.getCanvas().getRenderingInfo();
        assertNotNull(info, "the chart was drawn");
        for (Object o : info.getEntityCollection().getEntities()) {
            if (o instanceof XYItemEntity e && (int) e.getDataset().getYValue(0, e.getItem()) == trueClass
                    && (int) e.getDataset().getXValue(0, e.getItem()) == predicted) {
                Rectangle2D box = ((ChartEntity) e).getArea().getBounds2D();
                return viewer.getCanvas().localToScreen(box.getCenterX(), box.getCenterY());
            }
        }
        throw new AssertionError("no cell " + trueClass + "," + predicted + " drawn");
    }

    private void select(String id) {
        tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow());
    }

    /**
     * Three variants over three seeds: the Comparisons tab lists the pairs overall and on the
     * target class 3 by default (3 pairs × 2 scopes), all 3 × 11 on request, and exports them all.
     */
    @Test
    void theComparisonsTabListsThePairsTheRunAskedAbout(FxRobot robot) throws Exception {
        RunResult r = FakeRuns.run();
        int[][] onTarget = {{2, 3, 2}, {1, 1, 1}, {0, 0, 1}};
        List<String> names = List.of("lora-r1", "lora-r2", "full");
        List<SeedRun> seeds = new java.util.ArrayList<>();
        for (int v = 0; v < 3; v++) {
            for (int k = 0; k < 3; k++) {
                int[] errors = {1, 1, 1, onTarget[v][k], 1, 1, 1, 1, 1, 1};
                seeds.add(seed(names.get(v), k, errs(errors), 0));
            }
        }
        show(with(r, r.variants(), seeds));
        ComparisonsViewModel c = vm.comparisons();
        assertEquals(6, c.rows().size());
        assertTrue(c.rows().stream().allMatch(x -> x.scope() instanceof dev.lorabench.analysis.stats.Scope.Overall
                || ((dev.lorabench.analysis.stats.Scope.OfClass) x.scope()).index() == 3));
        // lora-r2 vs lora-r1 on class 3: b − a = −1, −2, −1 → mean −4/3.
        assertEquals(-4.0 / 3, c.rows().stream().filter(x -> x.b().equals("lora-r2") && x.a().equals("lora-r1")
                && x.scope() instanceof dev.lorabench.analysis.stats.Scope.OfClass).findFirst().orElseThrow().effect(), 1e-12);
        assertTrue(c.headlineProperty().get().endsWith(" of 33 comparisons significant at α = 0.05"
                + " (paired t-test over 3 seeds, Holm-corrected within each scope)"), c.headlineProperty().get());
        robot.interact(() -> c.filterProperty().set(ComparisonFilter.ALL));
        assertEquals(33, c.rows().size());
        robot.interact(() -> c.filterProperty().set(ComparisonFilter.SIGNIFICANT));
        assertTrue(c.rows().stream().allMatch(dev.lorabench.analysis.stats.Comparison::significant));
        Path csv = temp.resolve("comparisons.csv");
        vm.exports().export(AnalysisExport.COMPARISONS_CSV, csv).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(34, java.nio.file.Files.readAllLines(csv).size(), "a header and every comparison");
    }
}
