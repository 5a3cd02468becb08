package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.CombinationType;
import dev.lorabench.app.analysis.AnalysisExport;
import dev.lorabench.app.analysis.AnalysisTabs;
import dev.lorabench.app.analysis.AnalysisViewModel;
import dev.lorabench.app.analysis.ReplayRerun;
import dev.lorabench.app.run.ClassErrorChartModel;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.train.AlgebraRuns;
import dev.lorabench.train.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Adapter algebra tab in a real (headless) window on a real run: the sources (DoRA disabled),
 * the options a type uses enabled, Combine filling the bars, the strength slider moving them, and
 * the bars exported as PNG and CSV.
 */
@ExtendWith(ApplicationExtension.class)
class AlgebraTabTest {

    @TempDir Path temp;

    private final Deque<Runnable> queued = new ArrayDeque<>();
    private final AnalysisViewModel vm = new AnalysisViewModel(new TaskExecutor(queued::add, Runnable::run),
            new ClassErrorChartModel(), FXCollections.observableArrayList(), () -> UserPrompts.NONE);

    @Start
    void start(Stage stage) {
        TabPane tabs = AnalysisTabs.build(vm, new ReplayRerun(new SimpleStringProperty("0"),
                new SimpleBooleanProperty(false), s -> false), openGallery -> new Label("charts"));
        stage.setScene(new Scene(tabs, 1200, 800));
        stage.show();
    }

    private void fx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Runs queued background work on the FX thread (its answers touch the controls) until none is left. */
    private void drain() throws Exception {
        while (!queued.isEmpty()) {
            WaitForAsyncUtils.asyncFx(queued.poll()).get();
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void combineFillsTheBarsAndTheSliderMovesThem(FxRobot robot) throws Exception {
        RunResult run = AlgebraRuns.shared();
        fx(() -> vm.load(new RunRecord(1, run, LocalTime.NOON)));
        robot.interact(() -> {
            TabPane tabs = robot.lookup("#analysisTabs").queryAs(TabPane.class);
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "tabAlgebra".equals(t.getId()))
                    .findFirst().orElseThrow());
        });
        CheckBox dora = robot.lookup("#algebraInclude-dora-r2").queryAs(CheckBox.class);
        assertTrue(dora.isDisabled(), "DoRA is listed but cannot be combined");
        assertFalse(robot.lookup("#algebraInclude-lora-r4").queryAs(CheckBox.class).isDisabled());
        Spinner<?> density = robot.lookup("#algebraDensity").queryAs(Spinner.class);
        assertTrue(density.isDisabled(), "cat uses no density");
        @SuppressWarnings("unchecked")
        ComboBox<CombinationType> type = robot.lookup("#algebraType").queryAs(ComboBox.class);
        fx(() -> type.setValue(CombinationType.TIES));
        assertFalse(density.isDisabled(), "ties does");
        fx(() -> type.setValue(CombinationType.CAT));

        fx(() -> {
            robot.lookup("#algebraInclude-lora-r2").queryAs(CheckBox.class).fire();
            robot.lookup("#algebraInclude-lora-r4").queryAs(CheckBox.class).fire();
            robot.lookup("#algebraCombine").queryAs(Button.class).fire();
        });
        drain();
        ChartViewer viewer = robot.lookup("#algebraChart").queryAs(ChartViewer.class);
        assertTrue(viewer.isVisible());
        JFreeChart first = viewer.getChart();
        CategoryDataset bars = first.getCategoryPlot().getDataset();
        assertEquals(List.of("lora-r2", "lora-r4", "combined ×1.00"), bars.getRowKeys(), "Δ vs base: the base is the zero line");

        Slider strength = robot.lookup("#algebraStrength").queryAs(Slider.class);
        assertFalse(strength.isDisabled());
        fx(() -> strength.setValue(0));
        drain();
        JFreeChart moved = viewer.getChart();
        assertNotSame(first, moved);
        CategoryDataset atZero = moved.getCategoryPlot().getDataset();
        int row = atZero.getRowIndex("combined ×0.00");
        for (int c = 0; c < atZero.getColumnCount(); c++) {
            assertEquals(0.0, atZero.getValue(row, c).doubleValue(), "strength 0 is the base: no change in class " + c);
        }

        Path png = temp.resolve("algebra.png");
        var image = vm.exports().export(AnalysisExport.ALGEBRA_PNG, png);
        drain();
        image.get();
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(Files.readAllBytes(png), 4));
        Path csv = temp.resolve("algebra.csv");
        var text = vm.exports().export(AnalysisExport.ALGEBRA_CSV, csv);
        drain();
        text.get();
        List<String> lines = Files.readAllLines(csv);
        assertEquals("series,class,errors,delta_vs_base", lines.get(0));
        assertEquals(1 + 4 * run.classNames().size(), lines.size(), "base, two sources and the combination per class");
    }
}
