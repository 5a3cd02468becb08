package dev.lorabench.app.analysis;

import dev.lorabench.app.support.ChartFrame;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.lorabench.app.run.ChartsViewModel;
import dev.lorabench.train.AdapterMode;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.jfree.chart.entity.CategoryItemEntity;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;

/**
 * Per-class test errors (grouped bars) with the "Δ vs base" switch, the adapter on/off switch and
 * Merge/Unmerge for a LoRA variant (real re-evaluations), and click-through to the gallery.
 */
public final class ClassErrorPane {

    private ClassErrorPane() {}

    /**
     * @param running whether a run is going (bars are live then, and re-evaluation waits)
     * @param openGallery called after a bar click chose a gallery (series × class)
     */
    public static BorderPane build(ChartsViewModel charts, AdapterViewModel a, GalleryViewModel gallery,
            ReadOnlyBooleanProperty running, Runnable openGallery) {
        ChartViewer viewer = new ChartViewer(charts.classErrors().chart());
        viewer.setId("classErrorChart");
        viewer.setMinSize(200, 150);
        viewer.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX event) {
                if (event.getEntity() instanceof CategoryItemEntity item && !running.get()
                        && gallery.showBar(String.valueOf(item.getRowKey()), String.valueOf(item.getColumnKey()))) {
                    openGallery.run();
                }
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX event) {}
        });

        ToggleSwitch delta = new ToggleSwitch("Δ vs base");
        delta.setId("deltaSwitch");
        delta.selectedProperty().bindBidirectional(charts.deltaBarsProperty());
        Label note = new Label("Shaded: the classes the fine-tune targets");
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox controls = new HBox(12, delta, note);
        controls.setAlignment(Pos.CENTER_LEFT);

        ComboBox<String> variant = new ComboBox<>(a.variants());
        variant.setId("adapterVariantCombo");
        variant.valueProperty().bindBidirectional(a.variantProperty());
        ToggleSwitch adapter = new ToggleSwitch("adapter on");
        adapter.setId("adapterSwitch");
        adapter.setTooltip(new Tooltip("Switch the LoRA path off (the base alone) or on, and re-evaluate on the test set"));
        Runnable sync = () -> adapter.setSelected(a.modeProperty().get() != AdapterMode.OFF);
        a.modeProperty().addListener((obs, was, now) -> sync.run());
        sync.run();
        adapter.selectedProperty().addListener((obs, was, on) -> {
            boolean shownOn = a.modeProperty().get() != AdapterMode.OFF;
            if (on != shownOn && !a.evaluatingProperty().get()) {
                a.setAdapterEnabled(on);
            }
        });
        Button merge = new Button("Merge");
        merge.setId("mergeButton");
        merge.setTooltip(new Tooltip("Fold s·B·A into W and re-evaluate"));
        merge.setOnAction(e -> a.merge());
        merge.disableProperty().bind(a.modeProperty().isEqualTo(AdapterMode.MERGED));
        Button unmerge = new Button("Unmerge");
        unmerge.setId("unmergeButton");
        unmerge.setTooltip(new Tooltip("Take the adapter out of W again and re-evaluate"));
        unmerge.setOnAction(e -> a.unmerge());
        unmerge.disableProperty().bind(a.modeProperty().isNotEqualTo(AdapterMode.MERGED));
        merge.getStyleClass().add(Styles.SMALL);
        unmerge.getStyleClass().add(Styles.SMALL);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setId("evaluatingIndicator");
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(a.evaluatingProperty());
        Label evalNote = new Label();
        evalNote.setId("evaluationNote");
        evalNote.getStyleClass().add(Styles.TEXT_SMALL);
        evalNote.textProperty().bind(a.noteProperty());
        FlowPane adapterRow = new FlowPane(8, 4, variant, adapter, merge, unmerge, busy, evalNote);
        adapterRow.setAlignment(Pos.CENTER_LEFT);
        adapterRow.setId("adapterControls");
        adapterRow.disableProperty().bind(a.evaluatingProperty().or(running));
        busy.disableProperty().unbind();
        adapterRow.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(a.variants()));
        adapterRow.managedProperty().bind(adapterRow.visibleProperty());

        return ChartFrame.of("classErrorPane", viewer, new VBox(4, controls, adapterRow));
    }
}
