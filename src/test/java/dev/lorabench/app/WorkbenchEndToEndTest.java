package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.app.form.DatasetChoice;
import dev.lorabench.app.run.ExportKind;
import dev.lorabench.app.run.SummaryRow;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javax.imageio.ImageIO;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * From clicks to charts: a tiny run on the MNIST test subset with ranks 1–2 and the full
 * fine-tune, then the charts, table, history and exports, then a cancelled run.
 */
class WorkbenchEndToEndTest extends WorkbenchWindowTest {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};




    @Test
    void runCompareExportAndCancel(FxRobot robot) throws Exception {
        Path subset = Path.of("src/test/resources/mnist-small").toAbsolutePath();
        // The IDX folder option; the folder itself is set on the view-model (no FileChooser headless).
        robot.clickOn("#datasetCombo").clickOn("IDX folder…");
        assertEquals(DatasetChoice.IDX_FOLDER, vm.form().datasetProperty().get());
        robot.interact(() -> vm.form().idxFolderProperty().set(subset.toString()));

        type(robot, "#trainLimitField", "300");
        type(robot, "#testLimitField", "100");
        type(robot, "#baseEpochsField", "1");
        type(robot, "#batchSizeField", "32");
        type(robot, "#finetuneStepsField", "5");
        reveal(robot, robot.lookup("#rank3Check").query());
        robot.clickOn("#rank3Check");
        robot.clickOn("#rank4Check");
        assertTrue(robot.lookup("#fullCheck").queryAs(CheckBox.class).isSelected());
        assertEquals(List.of(1, 2), vm.form().plan().adapters().ranks());
        assertEquals(300, vm.form().plan().limits().train());
        assertEquals(5, vm.form().plan().finetune().steps());

        Button run = robot.lookup("#runButton").queryButton();
        assertFalse(run.isDisabled(), vm.form().problemProperty().get());
        robot.clickOn(run);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.runningProperty().get(), "running after the click");
        assertTrue(run.isDisabled(), "Run is disabled while running");
        assertFalse(robot.lookup("#cancelButton").queryButton().isDisabled());

        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        String status = robot.lookup("#statusLabel").queryAs(Label.class).getText();
        assertTrue(status.startsWith("Finished"), status);
        assertFalse(run.isDisabled(), "Run enabled again");

        // Loss charts: every checked rank and the full fine-tune on the fine-tune's, the base on its own.
        XYSeriesCollection losses = vm.charts().lossChart().dataset();
        for (String series : List.of("lora-r1", "lora-r2", "full")) {
            int i = losses.getSeriesIndex(series);
            assertTrue(i >= 0, series + " in the loss chart");
            assertTrue(losses.getSeries(i).getItemCount() > 0, series + " has points");
        }
        assertEquals(-1, losses.getSeriesIndex("lora-r3"));
        assertEquals(-1, losses.getSeriesIndex("base"));
        assertTrue(vm.charts().baseLossChart().pointCount("base") > 0, "the base's curve on its own chart");
        assertEquals(List.of("base", "lora-r1", "lora-r2", "full"), vm.charts().seriesNames());

        // Class errors: ten classes for each variant, as the change against the base.
        DefaultCategoryDataset bars = vm.charts().classErrors().dataset();
        assertEquals(List.of("lora-r1", "lora-r2", "full"), bars.getRowKeys());
        assertEquals(10, bars.getColumnCount());
        for (int row = 0; row < bars.getRowCount(); row++) {
            for (int col = 0; col < 10; col++) {
                assertNotNull(bars.getValue(row, col));
            }
        }
        assertEquals(1, vm.charts().classErrors().targets().size(), "worst class resolved");

        TableView<?> table = robot.lookup("#summaryTable").queryAs(TableView.class);
        assertEquals(4, table.getItems().size());
        assertEquals(List.of("base", "lora-r1", "lora-r2", "full"),
                vm.rows().stream().map(SummaryRow::variant).toList());
        assertTrue(vm.rows().get(1).baseUnchanged());
        assertFalse(vm.rows().get(3).baseUnchanged());
        ListView<?> history = robot.lookup("#historyList").queryAs(ListView.class);
        assertEquals(1, history.getItems().size());
        assertFalse(robot.lookup("#exportButton").queryAs(javafx.scene.control.MenuButton.class).isDisabled());
        assertEquals("mlp-idx-loss.png", vm.defaultFileName(ExportKind.LOSS_PNG));

        // Exports, bypassing the FileChooser.
        Path png = temp.resolve("loss.png");
        robot.interact(() -> { /* export is started from the FX thread, as the menu does */ });
        Path written = WaitForAsyncUtils.asyncFx(() -> vm.export(ExportKind.LOSS_PNG, png)).get()
                .get(30, TimeUnit.SECONDS);
        assertEquals(png, written);
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100);

        Path barsPng = temp.resolve("bars.png");
        WaitForAsyncUtils.asyncFx(() -> vm.export(ExportKind.CLASS_ERRORS_PNG, barsPng)).get().get(30, TimeUnit.SECONDS);
        assertNotNull(ImageIO.read(barsPng.toFile()));
        Path csv = temp.resolve("losses.csv");
        WaitForAsyncUtils.asyncFx(() -> vm.export(ExportKind.LOSSES_CSV, csv)).get().get(30, TimeUnit.SECONDS);
        assertTrue(Files.readString(csv).startsWith("variant,step,loss\nbase,1,"));
        Path classCsv = temp.resolve("class-errors.csv");
        WaitForAsyncUtils.asyncFx(() -> vm.export(ExportKind.CLASS_ERRORS_CSV, classCsv)).get().get(30, TimeUnit.SECONDS);
        assertEquals(11, Files.readAllLines(classCsv).size());
        Path json = temp.resolve("run.json");
        WaitForAsyncUtils.asyncFx(() -> vm.export(ExportKind.RUN_JSON, json)).get().get(30, TimeUnit.SECONDS);
        assertTrue(Files.readString(json).contains("lorabench.run/1"));

        // A longer run, cancelled from the toolbar once it streams losses.
        reveal(robot, robot.lookup("#trainLimitField").query());
        type(robot, "#trainLimitField", "1000");
        type(robot, "#baseEpochsField", "20");
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.charts().baseLossChart().pointCount("base") > 3);
        assertTrue(vm.runningProperty().get());
        robot.clickOn("#cancelButton");
        // Waits on the run's end (60 s only guards against a hang); that it ends at the next step
        // is TrainingServiceTest's business, that Cancel ends it before its 20 epochs is this one's.
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Cancelled", robot.lookup("#statusLabel").queryAs(Label.class).getText());
        int planned = (1000 + 31) / 32 * 20;
        assertTrue(vm.charts().baseLossChart().pointCount("base") < planned, "the base ran all " + planned + " steps");
        assertFalse(run.isDisabled());
        assertEquals(1, history.getItems().size(), "a cancelled run is not added to the history");
    }

    private static void type(FxRobot robot, String id, String text) {
        TextField field = robot.lookup(id).queryAs(TextField.class);
        reveal(robot, field);
        robot.interact(field::clear);
        robot.clickOn(field).write(text);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(text, field.getText());
    }

    /** Scrolls the side panel so {@code node} is on screen (the panels are taller than the window). */
    private static void reveal(FxRobot robot, Node node) {
        ScrollPane scroll = robot.lookup("#sidePanel").queryAs(ScrollPane.class);
        robot.interact(() -> {
            Node content = scroll.getContent();
            double y = content.sceneToLocal(node.localToScene(0, 0)).getY();
            double extra = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            if (extra > 0) {
                scroll.setVvalue(Math.max(0, Math.min(1, (y - 40) / extra)));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
