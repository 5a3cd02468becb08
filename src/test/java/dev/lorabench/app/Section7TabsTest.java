package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.IntruderProfile;
import dev.lorabench.analysis.Section7Layer;
import dev.lorabench.app.analysis.AmplificationRow;
import dev.lorabench.app.analysis.AnalysisExport;
import dev.lorabench.app.analysis.AnalysisTabs;
import dev.lorabench.app.analysis.AnalysisViewModel;
import dev.lorabench.app.analysis.IntruderRow;
import dev.lorabench.app.analysis.ReplayRerun;
import dev.lorabench.app.run.ClassErrorChartModel;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.report.Section7Charts;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.Section7Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The LoRA §7 and Intruders tabs in a real (headless) window on a real run with the analysis
 * (MNIST subset, LoRA r = 2 and 4, full, two seeds): the maps and tables show the run's findings,
 * k and ε recount, the λ slider re-evaluates the variant with its intruders reduced (λ = 0 gives
 * its own evaluation back) and the class-error bars follow, slider moves during an evaluation
 * coalesce into one more, and the exports write their files.
 */
@ExtendWith(ApplicationExtension.class)
@org.junit.jupiter.api.Tag("slow") // the default build skips it; ./mvnw -Pslow verify runs it
class Section7TabsTest {

    @TempDir
    Path temp;

    /** Background work waits here until the test runs it; answers are delivered at once. */
    private final Deque<Runnable> queued = new ArrayDeque<>();
    private final Executor background = queued::add;
    private final ClassErrorChartModel classErrors = new ClassErrorChartModel();
    private final List<String> errors = new ArrayList<>();
    private final AnalysisViewModel vm = new AnalysisViewModel(new TaskExecutor(background, Runnable::run), classErrors,
            FXCollections.observableArrayList(), () -> new UserPrompts() {
                @Override
                public void offerFetch(String dataset, String detail, Runnable fetch) {}

                @Override
                public void showError(String title, String message) {
                    errors.add(title + ": " + message);
                }
            });

    @Start
    void start(Stage stage) {
        TabPane tabs = AnalysisTabs.build(vm, new ReplayRerun(new SimpleStringProperty("0"),
                new SimpleBooleanProperty(false), s -> false), openGallery -> new Label("charts"));
        stage.setScene(new Scene(tabs, 1200, 800));
        stage.show();
    }

    /** Runs queued background work (and what it queues) until none is left; returns how many ran. */
    private int drain() {
        int ran = 0;
        while (!queued.isEmpty()) {
            queued.poll().run();
            ran++;
        }
        return ran;
    }

    private void fx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theTabsShowTheRunsFindingsAndTheSliderReevaluatesTheReducedAdapter(FxRobot robot) throws Exception {
        RunResult run = Section7Runs.shared().run();
        Section7Layer first = run.section7().layers().get(0);
        fx(() -> {
            classErrors.load(run);
            classErrors.setDelta(false); // the bars as counts, not as the change against the base
            vm.load(new RunRecord(1, run, LocalTime.NOON));
        });
        fx(this::drain);

        // LoRA §7: Fig. 3 (2×4: ranks 2 and 4), Fig. 4 and its control (4×4), Table 7 for every variant.
        assertEquals(run.section7().layers().stream().map(Section7Layer::path).toList(), List.copyOf(vm.section7().layers()));
        assertEquals(8, Section7Charts.cells(vm.section7().rankChartProperty().get()));
        assertEquals(16, Section7Charts.cells(vm.section7().seedChartProperty().get()));
        assertEquals(16, Section7Charts.cells(vm.section7().randomChartProperty().get()));
        assertEquals(List.of("lora-r2", "lora-r4", "full"),
                vm.section7().amplificationRows().stream().map(AmplificationRow::variant).toList());
        assertTrue(vm.section7().rankNoteProperty().get().contains("lora-r2 vs lora-r4"), vm.section7().rankNoteProperty().get());
        robot.interact(() -> select(robot, "tabSection7"));
        assertTrue(robot.lookup("#phiRankChart").query().isVisible());
        assertEquals(3, robot.lookup("#amplificationTable").queryAs(TableView.class).getItems().size());

        // Intruders: one row per variant at k = 10 (capped per layer) and ε = 0.5; k and ε recount.
        robot.interact(() -> select(robot, "tabIntruders"));
        assertRows(first, Math.min(10, first.kMax()), 0.5);
        fx(() -> {
            vm.intruders().kProperty().set(3);
            vm.intruders().epsilonProperty().set(0.9);
        });
        fx(this::drain);
        assertRows(first, 3, 0.9);
        assertEquals(3, robot.lookup("#intruderTable").queryAs(TableView.class).getItems().size());
        assertNotNull(vm.intruders().countsChartProperty().get());
        assertEquals(9, Section7Charts.cells(vm.intruders().similarityChartProperty().get()), "top 3 × top 3");

        // λ: the variants whose update is s·B·A; nothing is evaluated before the slider moves.
        assertEquals(List.of("lora-r2", "lora-r4"), List.copyOf(vm.reduction().variants()));
        assertNull(vm.reduction().chartProperty().get());
        fx(() -> {
            vm.intruders().epsilonProperty().set(1.0); // every direction with any part outside W counts
            vm.reduction().variantProperty().set("lora-r4");
            vm.reduction().removedProperty().set(0.5);
        });
        fx(this::drain);
        Evaluation own = run.variants().stream().filter(v -> v.spec().name().equals("lora-r4")).findFirst().orElseThrow()
                .evaluation();
        Evaluation reduced = vm.adapters().evaluationOf("lora-r4");
        assertNotNull(vm.reduction().chartProperty().get());
        assertEquals(toDoubles(reduced.classErrors()), classErrors.values().get("lora-r4"), "the bars follow");
        assertTrue(vm.reduction().noteProperty().get().startsWith("lora-r4 with λ = 0.50"), vm.reduction().noteProperty().get());
        assertTrue(vm.adapters().noteProperty().get().contains("intruders reduced"), vm.adapters().noteProperty().get());

        // λ = 0 is the adapter as trained: its own evaluation, and its own bars.
        fx(() -> vm.reduction().removedProperty().set(0));
        fx(this::drain);
        assertEquals(own.classErrors(), vm.adapters().evaluationOf("lora-r4").classErrors());
        assertEquals(toDoubles(own.classErrors()), classErrors.values().get("lora-r4"));

        // Moves during an evaluation coalesce: 0.2 starts, 0.4 and 0.6 wait, then only 0.6 runs.
        fx(() -> {
            vm.reduction().removedProperty().set(0.2);
            vm.reduction().removedProperty().set(0.4);
            vm.reduction().removedProperty().set(0.6);
        });
        int evaluations = 0;
        while (!queued.isEmpty()) {
            Runnable next = queued.poll();
            WaitForAsyncUtils.asyncFx(next).get();
            evaluations++;
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, evaluations, "0.2, then the latest position 0.6");
        assertTrue(vm.reduction().noteProperty().get().startsWith("lora-r4 with λ = 0.60"), vm.reduction().noteProperty().get());

        // Exports: the φ grids of every layer as CSV, the counts over ε as PNG.
        Path csv = temp.resolve("phi.csv");
        var written = vm.exports().export(AnalysisExport.PHI_CSV, csv);
        fx(this::drain);
        written.get();
        WaitForAsyncUtils.waitForFxEvents();
        List<String> lines = Files.readAllLines(csv);
        assertEquals("layer,grid,rows,cols,i,j,phi", lines.get(0));
        int cells = run.section7().layers().stream().mapToInt(l -> 8 + 16 + 16).sum();
        assertEquals(cells, lines.size() - 1, "ranks 2×4, seeds and control 4×4, per layer");
        Path png = temp.resolve("counts.png");
        var image = vm.exports().export(AnalysisExport.INTRUDER_COUNTS_PNG, png);
        fx(this::drain);
        image.get();
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
        assertEquals(List.of(), errors);
    }

    @Test
    void aRunWithoutTheAnalysisSaysHowToGetIt() throws Exception {
        RunResult plain = FakeRuns.run();
        fx(() -> vm.load(new RunRecord(1, plain, LocalTime.NOON)));
        assertTrue(vm.section7().noteProperty().get().contains("LoRA §7 & intruders"), vm.section7().noteProperty().get());
        assertTrue(vm.intruders().noteProperty().get().contains("--section7"), vm.intruders().noteProperty().get());
        assertTrue(vm.reduction().variants().isEmpty());
        assertNull(vm.section7().rankChartProperty().get());
    }

    private void assertRows(Section7Layer layer, int k, double epsilon) {
        List<IntruderRow> rows = List.copyOf(vm.intruders().rows());
        assertEquals(List.of("lora-r2", "lora-r4", "full"), rows.stream().map(IntruderRow::variant).toList());
        for (IntruderRow row : rows) {
            IntruderProfile p = layer.intruders().get(row.variant());
            assertEquals(Math.min(k, layer.kMax()), row.k());
            assertEquals(p.count(row.k(), epsilon), row.intruders(), row.variant());
        }
    }

    private static List<Double> toDoubles(List<Integer> values) {
        return values.stream().map(Integer::doubleValue).toList();
    }

    private static void select(FxRobot robot, String id) {
        TabPane tabs = robot.lookup("#analysisTabs").queryAs(TabPane.class);
        tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow());
        assertNotEquals(null, tabs.getSelectionModel().getSelectedItem());
    }
}
