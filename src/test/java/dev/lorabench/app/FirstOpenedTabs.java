package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.SvdPrimer;
import dev.lorabench.app.analysis.AnalysisViewModel;
import dev.lorabench.app.analysis.IntegrityBadge;
import dev.lorabench.app.analysis.IntruderViewModel;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.testfx.api.FxRobot;

/**
 * The analysis tabs are built when first selected (AnalysisTabs.lazyTab), often after their run was
 * loaded: {@link #open} selects a tab that has no pane yet, and the other methods check that a pane
 * built then shows what its view-model holds. Each also asserts that the view-model has something
 * to show, so an empty pane cannot pass beside an empty view-model. Call them once background work
 * (gallery images, the primer's SVD) has settled.
 */
final class FirstOpenedTabs {

    private FirstOpenedTabs() {}

    /**
     * Selects tab {@code id} of {@code tabs} (shown in a window) for the first time: it has no pane
     * before. Returns the pane built for it, styled and laid out (what scroll and split panes hold
     * is found by a lookup only then).
     */
    static Node open(FxRobot robot, TabPane tabs, String id) {
        Tab tab = tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow();
        assertNull(tab.getContent(), id + " is built when first selected");
        robot.interact(() -> {
            tabs.getSelectionModel().select(tab);
            tabs.applyCss();
            tabs.layout();
        });
        assertNotNull(tab.getContent(), id);
        return tab.getContent();
    }

    static void integrity(Node pane, AnalysisViewModel a) {
        List<IntegrityBadge> badges = a.integrity().badges();
        assertFalse(badges.isEmpty());
        assertEquals(badges.size(), ((VBox) pane.lookup("#integrityBadges")).getChildren().size(), "a row per badge");
        for (IntegrityBadge b : badges) {
            assertEquals(b.headline(), label(pane, "#badge-" + b.variant()));
        }
        combo(pane, "#integrityVariantCombo", a.integrity().variants(), a.integrity().variantProperty().get());
        rows(pane, "#integrityTable", a.integrity().tensors().size());
    }

    static void deltaW(Node pane, AnalysisViewModel a) {
        combo(pane, "#layerCombo", a.deltaW().layers(), a.deltaW().layerProperty().get());
        chart(pane, "spectrumChart", a.deltaW().spectrumChartProperty());
        rows(pane, "#spectrumTable", a.deltaW().spectrumRows().size());
    }

    static void section7(Node pane, AnalysisViewModel a) {
        combo(pane, "#section7LayerCombo", a.section7().layers(), a.section7().layerProperty().get());
        rows(pane, "#amplificationTable", a.section7().amplificationRows().size());
        assertEquals(a.section7().noteProperty().get(), label(pane, "#section7Note"));
        // Without two ranks or two seeds these have none; whatever each holds is shown.
        follows(pane, "phiRankChart", a.section7().rankChartProperty());
        follows(pane, "phiSeedChart", a.section7().seedChartProperty());
        follows(pane, "phiRandomChart", a.section7().randomChartProperty());
    }

    /** The k spinner shows the k the counts use: the view-model's, at most the layer's kMax. */
    static void intruders(Node pane, AnalysisViewModel a) {
        IntruderViewModel vm = a.intruders();
        combo(pane, "#intruderLayerCombo", vm.layers(), vm.layerProperty().get());
        Spinner<?> k = (Spinner<?>) pane.lookup("#intruderKSpinner");
        assertEquals(vm.kProperty().get(), k.getValue(), "k shown is the view-model's");
        assertTrue(vm.kProperty().get() <= vm.kMaxProperty().get(), "k " + vm.kProperty().get() + " kMax " + vm.kMaxProperty().get());
        assertEquals(vm.epsilonProperty().get(), (Double) ((Spinner<?>) pane.lookup("#intruderEpsilonSpinner")).getValue(), 0);
        rows(pane, "#intruderTable", vm.rows().size());
        chart(pane, "intruderCountsChart", vm.countsChartProperty());
        combo(pane, "#intruderVariantCombo", vm.variants(), vm.variantProperty().get());
        chart(pane, "intruderSimilarityChart", vm.similarityChartProperty());
        combo(pane, "#reductionVariantCombo", a.reduction().variants(), a.reduction().variantProperty().get());
    }

    static void algebra(Node pane, AnalysisViewModel a) {
        assertFalse(a.algebra().sources().isEmpty());
        assertEquals(a.algebra().sources().size(), ((VBox) pane.lookup("#algebraSources")).getChildren().size(),
                "a row per adapter");
        for (var s : a.algebra().sources()) {
            assertNotNull(pane.lookup("#algebraInclude-" + s.label()), s.label());
        }
        assertEquals(a.algebra().typeProperty().get(), ((ComboBox<?>) pane.lookup("#algebraType")).getValue());
    }

    static void deltaWTimeline(Node pane, AnalysisViewModel a) {
        var vm = a.deltaWTimeline();
        combo(pane, "#timelineVariantCombo", vm.variants(), vm.variantProperty().get());
        combo(pane, "#timelineLayerCombo", vm.layers(), vm.layerProperty().get());
        assertTrue(vm.stepCountProperty().get() >= 2, "steps " + vm.stepCountProperty().get());
        Slider step = (Slider) pane.lookup("#timelineSlider");
        assertEquals(vm.stepCountProperty().get() - 1, step.getMax(), 0, "one tick per sampled step");
        assertEquals(vm.stepIndexProperty().get(), step.getValue(), 0);
        assertFalse(step.isDisabled());
        chart(pane, "timelineSpectrumChart", vm.spectrumChartProperty());
        chart(pane, "timelineRanksChart", vm.ranksChartProperty());
        combo(pane, "#timelineDirectionCombo", vm.directions(), vm.directionProperty().get());
    }

    static void gain(Node pane, AnalysisViewModel a, String replay) {
        chart(pane, "gainChart", a.gain().chartProperty());
        rows(pane, "#gainTable", a.gain().historyRows().size());
        assertEquals(replay, ((TextField) pane.lookup("#replayRerunField")).getText());
    }

    static void comparisons(Node pane, AnalysisViewModel a) {
        String headline = a.comparisons().headlineProperty().get();
        assertFalse(headline.isEmpty());
        assertEquals(headline, label(pane, "#comparisonHeadline"));
        assertEquals(a.comparisons().filterProperty().get(), ((ChoiceBox<?>) pane.lookup("#comparisonFilter")).getValue());
        assertEquals(a.comparisons().rows(), ((TableView<?>) pane.lookup("#comparisonTable")).getItems());
    }

    static void pareto(Node pane, AnalysisViewModel a) {
        chart(pane, "paretoChart", a.pareto().chartProperty());
    }

    static void trajectory(Node pane, AnalysisViewModel a) {
        chart(pane, "trajectoryChart", a.trajectory().chartProperty());
    }

    static void confusion(Node pane, AnalysisViewModel a) {
        combo(pane, "#confusionVariantCombo", a.confusion().variants(), a.confusion().variantProperty().get());
        chart(pane, "confusionChart", a.confusion().chartProperty());
    }

    static void gallery(Node pane, AnalysisViewModel a) {
        var vm = a.gallery();
        assertEquals(vm.classes().size(), ((ComboBox<?>) pane.lookup("#galleryClassCombo")).getItems().size(),
                "a choice per class");
        assertFalse(vm.classes().isEmpty());
        assertEquals(vm.classProperty().get(), ((ComboBox<?>) pane.lookup("#galleryClassCombo")).getValue());
        combo(pane, "#galleryVariantCombo", vm.variants(), vm.variantProperty().get());
        assertFalse(vm.images().isEmpty(), vm.noteProperty().get());
        assertEquals(vm.images().size(), ((FlowPane) pane.lookup("#galleryTiles")).getChildren().size(), "a tile per image");
    }

    static void primer(Node pane, AnalysisViewModel a) {
        combo(pane, "#primerLayerCombo", a.primer().layers(), a.primer().layerProperty().get());
        SvdPrimer p = a.primer().primerProperty().get();
        assertNotNull(p, "the primer has factorised a layer");
        assertEquals(p.sigma().length, ((ListView<?>) pane.lookup("#primerSigma")).getItems().size(), "a line per σ");
        Slider k = (Slider) pane.lookup("#primerKSlider");
        assertEquals(p.sigma().length, k.getMax(), 0);
        assertEquals(a.primer().kProperty().get(), k.getValue(), 0);
        chart(pane, "primerChart", a.primer().chartProperty());
    }

    /** The viewer shows the view-model's chart, which exists; its placeholder is hidden. */
    private static void chart(Node pane, String id, ReadOnlyObjectProperty<JFreeChart> chart) {
        assertNotNull(chart.get(), id + ": the view-model has a chart");
        follows(pane, id, chart);
    }

    /** The viewer shows the view-model's chart while it has one, else its placeholder. */
    private static void follows(Node pane, String id, ReadOnlyObjectProperty<JFreeChart> chart) {
        ChartViewer viewer = (ChartViewer) pane.lookup("#" + id);
        assertNotNull(viewer, id);
        Node placeholder = ((StackPane) viewer.getParent()).getChildren().get(1);
        if (chart.get() != null) {
            assertSame(chart.get(), viewer.getChart(), id);
        }
        assertEquals(chart.get() != null, viewer.isVisible(), id + " shown");
        assertEquals(chart.get() == null, placeholder.isVisible(), id + " placeholder");
    }

    /** A combo box over the view-model's (non-empty) list, showing its choice. */
    private static void combo(Node pane, String id, List<?> items, Object value) {
        assertFalse(items.isEmpty(), id + ": the view-model has items");
        ComboBox<?> box = (ComboBox<?>) pane.lookup(id);
        assertEquals(items, box.getItems(), id);
        assertEquals(value, box.getValue(), id);
    }

    /** A table with the view-model's (non-zero) number of rows. */
    private static void rows(Node pane, String id, int expected) {
        assertTrue(expected > 0, id + ": the view-model has rows");
        assertEquals(expected, ((TableView<?>) pane.lookup(id)).getItems().size(), id);
    }

    private static String label(Node pane, String id) {
        return ((Label) pane.lookup(id)).getText();
    }
}
