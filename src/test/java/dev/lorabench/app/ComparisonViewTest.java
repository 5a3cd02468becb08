package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.app.run.LossPhase;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.run.SummaryRow;
import dev.lorabench.report.ChartStyle;
import java.awt.Color;
import java.time.LocalTime;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The comparison as a user sees it in the real window (Monocle, 1280×800): the summary's base row
 * and readable headers, the loss charts' phase switch, the class-error toggles, the dark theme.
 */
class ComparisonViewTest extends WorkbenchWindowTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        open(stage);
    }

    @AfterEach
    void lightAgain() throws Exception {
        WaitForAsyncUtils.asyncFx(AppTheme.LIGHT::apply).get();
    }

    private void showFakeRun(FxRobot robot) {
        robot.interact(() -> vm.selectedRunProperty().set(new RunRecord(1, FakeRuns.run(), LocalTime.NOON)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theSummaryHasTheBaseRowAndHeadersThatFitAt1280By800(FxRobot robot) {
        assertEquals(1280, stage.getScene().getWidth(), 1.0);
        assertEquals(800, stage.getScene().getHeight(), 1.0);
        showFakeRun(robot);
        TableView<?> table = robot.lookup("#summaryTable").queryAs(TableView.class);
        assertEquals(List.of("base", "lora-r1", "lora-r2", "full"),
                vm.rows().stream().map(SummaryRow::variant).toList());
        assertEquals(4, table.getItems().size());
        for (TableColumn<?, ?> column : table.getColumns()) {
            Label header = (Label) column.getGraphic();
            // The text a label draws is its own unless the skin had to cut it (then it ends in "…").
            Text drawn = (Text) header.lookup(".text");
            assertTrue(header.getWidth() > 0, header.getText() + " laid out");
            assertEquals(header.getText(), drawn.getText(), "header shown whole");
            // …and not squeezed: the label and its column are as wide as its widest line.
            assertTrue(header.getWidth() >= header.prefWidth(-1) - 0.5, header.getText() + " " + header.getWidth());
            assertTrue(column.getWidth() >= header.prefWidth(-1), header.getText() + " column " + column.getWidth());
            assertTrue(header.getTooltip() != null && !header.getTooltip().getText().isBlank());
        }
    }

    @Test
    void theLossChartsSwitchBetweenBaseAndFineTune(FxRobot robot) {
        showFakeRun(robot);
        Node fineTune = robot.lookup("#lossChart").query();
        Node base = robot.lookup("#baseLossChart").query();
        assertEquals(LossPhase.FINE_TUNE, vm.charts().phaseProperty().get());
        assertTrue(fineTune.isVisible());
        assertFalse(base.isVisible());
        assertTrue(robot.lookup("#legend-lora-r1").tryQuery().isPresent());
        assertTrue(robot.lookup("#legend-base").tryQuery().isEmpty(), "the base's curve is on its own chart");

        robot.clickOn("#phaseBase");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(LossPhase.BASE, vm.charts().phaseProperty().get());
        assertTrue(base.isVisible());
        assertFalse(fineTune.isVisible());
        assertTrue(robot.lookup("#legend-base").tryQuery().isPresent());

        // The class-error toggles: unticking full takes its bars out.
        CheckBox full = robot.lookup("#bars-full").queryAs(CheckBox.class);
        robot.interact(() -> full.setSelected(false));
        assertFalse(vm.charts().classErrors().dataset().getRowKeys().contains("full"));
    }

    @Test
    void theDarkThemeDarkensTheCharts(FxRobot robot) {
        showFakeRun(robot);
        assertEquals(Color.WHITE, vm.charts().lossChart().chart().getBackgroundPaint());
        robot.clickOn("#themeToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(AppTheme.DARK, AppTheme.current());
        assertEquals(ChartStyle.DARK.background(), vm.charts().lossChart().chart().getBackgroundPaint());
        assertEquals(ChartStyle.DARK.background(), vm.charts().classErrors().chart().getBackgroundPaint());
        // The analysis tabs' charts on screen follow too (their exports are built light), also
        // in a tab first opened after the switch: the tabs are built when first shown.
        robot.interact(() -> app.window().selectTab("tabPareto"));
        assertEquals(ChartStyle.DARK.background(), vm.analysis().pareto().chartProperty().get().getBackgroundPaint());
        robot.interact(() -> app.window().selectTab("tabGain"));
        assertEquals(ChartStyle.DARK.plot(), vm.analysis().gain().chartProperty().get().getPlot().getBackgroundPaint());
        robot.clickOn("#themeToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(ChartStyle.LIGHT.background(), vm.charts().baseLossChart().chart().getBackgroundPaint());
        assertEquals(ChartStyle.LIGHT.background(), vm.analysis().pareto().chartProperty().get().getBackgroundPaint());
        assertEquals(ChartStyle.LIGHT.plot(), vm.analysis().gain().chartProperty().get().getPlot().getBackgroundPaint());
    }
}
