package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.Styles;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.SvdPrimer;
import dev.lorabench.app.analysis.AdapterViewModel;
import dev.lorabench.app.analysis.AnalysisExport;
import dev.lorabench.app.analysis.AnalysisViewModel;
import dev.lorabench.app.analysis.GalleryPane;
import dev.lorabench.app.analysis.GalleryViewModel;
import dev.lorabench.app.form.DatasetChoice;
import dev.lorabench.app.form.ExperimentForm;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.data.MnistSmall;
import dev.lorabench.report.AnalysisCharts;
import dev.lorabench.train.AdapterMode;
import dev.lorabench.train.RunResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The analysis tabs on a real tiny run (MNIST subset, ranks 1–2 and full): certificates, adapter
 * off/on by real re-evaluation, the ΔW lab, the gallery, the SVD primer and an analysis export;
 * before that, a run on a folder that does not exist fails with the CLI's line and leaves the UI idle.
 */
class AnalysisTabsEndToEndTest extends WorkbenchWindowTest {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};


    private final List<String> errors = new ArrayList<>();


    @Test
    void analysisTabsShowTheRealRun(FxRobot robot) throws Exception {
        robot.interact(() -> {
            vm.setPrompts(new UserPrompts() {
                @Override
                public void offerFetch(String dataset, String detail, Runnable fetch) {}

                @Override
                public void showError(String title, String message) {
                    errors.add(title + " | " + message);
                }
            });
            ExperimentForm f = vm.form();
            f.datasetProperty().set(DatasetChoice.IDX_FOLDER);
            f.idxFolderProperty().set(temp.resolve("no-such-folder").toString());
            f.trainLimitProperty().set("300");
            f.testLimitProperty().set("150");
            f.baseEpochsProperty().set("1");
            f.batchSizeProperty().set("32");
            f.finetuneStepsProperty().set("5");
            f.rankProperty(3).set(false);
            f.rankProperty(4).set(false);
            f.fullProperty().set(true);
        });

        // An idle window has no timer running, and the analysis tabs are built when first shown.
        assertFalse(app.window().isDraining());
        for (Tab tab : app.window().tabs().getTabs()) {
            assertEquals("tabLosses".equals(tab.getId()), tab.getContent() != null, tab.getId());
        }

        // Bad input: the engine refuses the folder; one dialog with the CLI's line, then idle.
        robot.interact(() -> {
            assertTrue(vm.run(), vm.statusProperty().get());
            assertTrue(app.window().isDraining(), "a live run's events are drained on a timer");
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(app.window().isDraining(), "the drain that ended the run stopped the timer");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("| lorabench: "), errors.get(0));
        assertTrue(errors.get(0).contains("no-such-folder"), errors.get(0));
        assertFalse(robot.lookup("#runButton").queryButton().isDisabled(), "usable again");

        // The real run.
        robot.interact(() -> vm.form().idxFolderProperty().set(MnistSmall.dir().toString()));
        robot.interact(() -> assertTrue(vm.run(), vm.statusProperty().get()));
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.statusProperty().get().startsWith("Finished"), vm.statusProperty().get());
        assertFalse(app.window().isDraining());
        AnalysisViewModel a = vm.analysis();
        RunResult result = a.runProperty().get().result();

        // The tabs not looked at below, each opened for the first time after the run: the pane built
        // then shows it. This run has no §7 analysis, which those two tabs say.
        TabPane tabs = app.window().tabs();
        FirstOpenedTabs.algebra(FirstOpenedTabs.open(robot, tabs, "tabAlgebra"), a);
        FirstOpenedTabs.deltaWTimeline(FirstOpenedTabs.open(robot, tabs, "tabDeltaWTime"), a);
        FirstOpenedTabs.gain(FirstOpenedTabs.open(robot, tabs, "tabGain"), a, vm.form().replayProperty().get());
        FirstOpenedTabs.comparisons(FirstOpenedTabs.open(robot, tabs, "tabComparisons"), a);
        FirstOpenedTabs.pareto(FirstOpenedTabs.open(robot, tabs, "tabPareto"), a);
        FirstOpenedTabs.trajectory(FirstOpenedTabs.open(robot, tabs, "tabTrajectory"), a);
        Label section7 = (Label) FirstOpenedTabs.open(robot, tabs, "tabSection7").lookup("#section7Note");
        Label intruders = (Label) FirstOpenedTabs.open(robot, tabs, "tabIntruders").lookup("#intruderNote");
        assertTrue(section7.getText().startsWith("This run has no §7 findings"), section7.getText());
        assertEquals(section7.getText(), intruders.getText());

        // Base integrity: green for each LoRA variant, red for full; the table lists the tensors.
        robot.interact(() -> app.window().selectTab("tabIntegrity"));
        for (String v : List.of("lora-r1", "lora-r2")) {
            Label badge = robot.lookup("#badge-" + v).queryAs(Label.class);
            assertTrue(badge.getStyleClass().contains(Styles.SUCCESS), v + " " + badge.getStyleClass());
            assertTrue(badge.getText().startsWith("base unchanged ✓"), badge.getText());
            assertTrue(robot.lookup("#badgeDetail-" + v).queryAs(Label.class).getText().contains("unmerge restores base ✓"));
        }
        Label full = robot.lookup("#badge-full").queryAs(Label.class);
        assertTrue(full.getStyleClass().contains(Styles.DANGER), full.getStyleClass().toString());
        assertTrue(full.getText().startsWith("✗"), full.getText());
        TableView<?> tensors = robot.lookup("#integrityTable").queryAs(TableView.class);
        assertEquals(result.variants().get(0).integrity().tensors().size(), tensors.getItems().size());
        assertFalse(tensors.getItems().isEmpty());

        // Adapter off: lora-r1's bars become the base's errors, by a real re-evaluation.
        robot.interact(() -> app.window().selectTab("tabLosses"));
        // Absolute errors, so that "adapter off" is comparable with the base's bars.
        robot.interact(() -> vm.charts().deltaBarsProperty().set(false));
        List<Double> base = vm.charts().classErrors().values().get("base");
        List<Double> tuned = vm.charts().classErrors().values().get("lora-r1");
        assertEquals("lora-r1", a.adapters().variantProperty().get());
        // The switch as the user flips it (its listener calls the view-model's command).
        atlantafx.base.controls.ToggleSwitch adapterSwitch =
                robot.lookup("#adapterSwitch").queryAs(atlantafx.base.controls.ToggleSwitch.class);
        robot.interact(() -> adapterSwitch.setSelected(false));
        WaitForAsyncUtils.waitForFxEvents();
        // (The evaluation itself is not checked here: it may be finishing on the FX thread while
        // this thread reads, so its properties are only read once it has settled, below.)
        assertFalse(adapterSwitch.isSelected(), "the switch did not flip");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> !a.adapters().evaluatingProperty().get() && a.adapters().modeProperty().get() == AdapterMode.OFF);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(base, vm.charts().classErrors().values().get("lora-r1"));
        assertTrue(a.adapters().noteProperty().get().contains("re-evaluated"), a.adapters().noteProperty().get());
        robot.interact(() -> a.adapters().merge());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> !a.adapters().evaluatingProperty().get() && a.adapters().modeProperty().get() == AdapterMode.MERGED);
        WaitForAsyncUtils.waitForFxEvents();
        List<Double> merged = vm.charts().classErrors().values().get("lora-r1");
        double diff = 0;
        for (int c = 0; c < merged.size(); c++) {
            diff += Math.abs(merged.get(c) - tuned.get(c));
        }
        assertTrue(diff <= 2, "merged " + merged + " vs tuned " + tuned);
        robot.interact(() -> a.adapters().unmerge());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> !a.adapters().evaluatingProperty().get() && a.adapters().modeProperty().get() == AdapterMode.ON);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(tuned, vm.charts().classErrors().values().get("lora-r1"));

        // ΔW lab: the adapted layers, the heat map with labels² cells, the truncation curve.
        robot.interact(() -> app.window().selectTab("tabDeltaW"));
        List<String> adapted = result.spectra().stream().map(LayerSpectra::path).toList();
        assertFalse(adapted.isEmpty());
        assertEquals(adapted, robot.lookup("#layerCombo").queryAs(ComboBox.class).getItems());
        for (String layer : adapted) {
            robot.interact(() -> a.deltaW().layerProperty().set(layer));
            LayerSpectra s = result.spectra().stream().filter(x -> x.path().equals(layer)).findFirst().orElseThrow();
            int n = s.similarityLabels().size();
            assertTrue(n >= 2, s.similarityLabels().toString());
            assertEquals(n * n, AnalysisCharts.heatMapCells(a.deltaW().similarityChartProperty().get()));
            assertNotNull(a.deltaW().spectrumChartProperty().get());
            assertEquals(s.effectiveRank().size(), a.deltaW().spectrumRows().size());
        }
        assertNotNull(a.deltaW().truncationChartProperty().get());

        // Gallery: lora-r1 on the base's worst class, exactly its errors (capped), with images.
        int worst = result.base().evaluation().worstClass();
        int wrong = result.variants().get(0).evaluation().classErrors().get(worst);
        robot.interact(() -> a.gallery().showBar("lora-r1", result.classNames().get(worst)));
        robot.interact(() -> app.window().selectTab("tabGallery"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !a.gallery().loadingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("lora-r1", a.gallery().variantProperty().get());
        assertEquals(worst, a.gallery().classProperty().get());
        int expected = Math.min(wrong, GalleryViewModel.LIMIT);
        assertEquals(expected, a.gallery().images().size());
        FlowPane tiles = robot.lookup("#galleryTiles").queryAs(FlowPane.class);
        assertEquals(expected, tiles.getChildren().size());
        for (Node tile : tiles.getChildren()) {
            ImageView image = (ImageView) ((VBox) tile).getChildren().get(0);
            assertEquals(28 * GalleryPane.SCALE, image.getImage().getWidth());
        }
        for (int i = 1; i < a.gallery().images().size(); i++) {
            assertTrue(a.gallery().images().get(i - 1).confidence() >= a.gallery().images().get(i).confidence());
        }

        // Confusion: lora-r1's largest mistake cell opens the gallery on exactly that cell's images.
        robot.interact(() -> app.window().selectTab("tabConfusion"));
        robot.interact(() -> a.confusion().variantProperty().set("lora-r1"));
        List<List<Integer>> confusion = a.adapters().evaluationOf("lora-r1").confusion();
        int[] cell = {0, 1};
        for (int t = 0; t < confusion.size(); t++) {
            for (int p = 0; p < confusion.size(); p++) {
                if (t != p && confusion.get(t).get(p) > confusion.get(cell[0]).get(cell[1])) {
                    cell[0] = t;
                    cell[1] = p;
                }
            }
        }
        robot.interact(() -> assertTrue(a.confusion().openCell(cell[0], cell[1])));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !a.gallery().loadingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Math.min(confusion.get(cell[0]).get(cell[1]), GalleryViewModel.LIMIT), a.gallery().images().size());
        assertTrue(a.gallery().images().stream().allMatch(m -> m.trueClass() == cell[0] && m.predicted() == cell[1]));

        // SVD primer: the error at k = min(m, n) is ~0 for a layer whose singular values all fit.
        robot.interact(() -> app.window().selectTab("tabPrimer"));
        String small = a.primer().layers().stream()
                .filter(l -> {
                    var w = result.artifacts().baseWeights().get(l);
                    return Math.min(w.rows(), w.cols()) <= SvdPrimer.MAX_VALUES;
                })
                .findFirst().orElseThrow();
        robot.interact(() -> a.primer().layerProperty().set(small));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> !a.primer().computingProperty().get() && a.primer().primerProperty().get() != null
                        && a.primer().layerProperty().get().equals(small));
        WaitForAsyncUtils.waitForFxEvents();
        SvdPrimer p = a.primer().primerProperty().get();
        int kFull = Math.min(p.rows(), p.cols());
        assertEquals(kFull, p.sigma().length);
        robot.interact(() -> a.primer().kProperty().set(kFull));
        assertTrue(p.relativeError()[kFull - 1] < 1e-6, "error at k=min(m,n): " + p.relativeError()[kFull - 1]);
        assertTrue(p.relativeError()[0] > 0.01);
        assertTrue(a.primer().atKProperty().get().startsWith("k = " + kFull), a.primer().atKProperty().get());
        assertNotNull(a.primer().chartProperty().get());

        // Export: the heat map as a PNG (the CLI's renderer) and the spectrum as CSV.
        Path png = temp.resolve("similarity.png");
        WaitForAsyncUtils.asyncFx(() -> a.exports().export(AnalysisExport.SIMILARITY_PNG, png)).get().get(30, TimeUnit.SECONDS);
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8));
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100);
        Path csv = temp.resolve("spectrum.csv");
        WaitForAsyncUtils.asyncFx(() -> a.exports().export(AnalysisExport.SPECTRUM_CSV, csv)).get().get(30, TimeUnit.SECONDS);
        assertTrue(Files.readString(csv).startsWith("layer,series,index,sigma\n"));

        // Interop: save lora-r1 as a PEFT folder, load it into a fresh model of the run, same result.
        Path adapterDir = temp.resolve("adapters").resolve("lora-r1");
        WaitForAsyncUtils.asyncFx(() -> a.adapters().saveAdapter("lora-r1", adapterDir)).get().get(30, TimeUnit.SECONDS);
        assertTrue(Files.isRegularFile(adapterDir.resolve("adapter_config.json")));
        assertTrue(Files.isRegularFile(adapterDir.resolve("adapter_model.safetensors")));
        var loaded = WaitForAsyncUtils.asyncFx(() -> a.adapters().loadAdapter(adapterDir)).get().get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(result.variants().get(0).evaluation().confusion(), loaded.confusion());
        assertEquals(vm.charts().classErrors().values().get("lora-r1"), vm.charts().classErrors().values().get(AdapterViewModel.LOADED_SERIES));
        assertTrue(errors.size() == 1, errors.toString());

        // Gain / forgetting: one row per variant of the run in the history table.
        assertEquals(3, a.gain().historyRows().size());
        assertNotEquals(null, a.gain().chartProperty().get());

        // About: versions of lorabench, DJL, the engine and JavaFX (engine asked in the background).
        String about = WaitForAsyncUtils.asyncFx(() -> vm.about().load()).get().get(30, TimeUnit.SECONDS);
        assertTrue(about.contains("DJL") && about.contains("JavaFX") && about.contains("LoRA Workbench"), about);
    }
}
