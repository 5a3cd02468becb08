package dev.lorabench.app.analysis;

import dev.lorabench.app.support.Follow;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/** The Gain / forgetting tab: Δ errors per class, totals per variant across the history, replay re-runs. */
final class GainForgettingPane {

    private GainForgettingPane() {}

    static BorderPane build(GainForgettingViewModel vm, ReplayRerun rerun, AnalysisExports exports,
            javafx.beans.value.ObservableValue<dev.lorabench.report.ChartStyle> style) {
        TableView<GainRow> table = AnalysisViews.table("gainTable", vm.historyRows(),
                "Finished classification runs appear here");
        table.getColumns().add(IntegrityPane.column("Run", GainRow::runText, 50));
        table.getColumns().add(IntegrityPane.column("Replay", GainRow::replayText, 60));
        table.getColumns().add(IntegrityPane.column("Variant", GainRow::variant, 80));
        table.getColumns().add(IntegrityPane.column("Gain", r -> String.valueOf(r.gain()), 60));
        table.getColumns().add(IntegrityPane.column("Forgetting", r -> String.valueOf(r.forgetting()), 80));

        TextField replay = new TextField();
        replay.setId("replayRerunField");
        replay.setPrefColumnCount(5);
        Follow.value(rerun.replay(), replay::setText);
        replay.setTooltip(new Tooltip("Fraction (0–1) of the other classes' rows mixed into the fine-tune"));
        Button button = new Button("Re-run with this replay", new FontIcon(MaterialDesignR.REPLAY));
        button.setId("rerunReplayButton");
        button.disableProperty().bind(rerun.running());
        button.setOnAction(e -> rerun.rerun().test(replay.getText()));
        replay.setOnAction(e -> rerun.rerun().test(replay.getText()));
        HBox replayRow = new HBox(6, new Label("Replay fraction"), replay, button);
        replayRow.setAlignment(Pos.CENTER_LEFT);

        VBox side = new VBox(6, AnalysisViews.bold("Gain and forgetting per run"), table,
                AnalysisViews.caption("Gain: errors fewer than the base on the target classes. Forgetting: errors more "
                        + "on the other classes. Mix in replay (rows of the other classes) and re-run to see forgetting shrink."),
                replayRow);
        VBox.setVgrow(table, Priority.ALWAYS);
        side.setMinWidth(260);

        HBox bar = AnalysisViews.bar(
                AnalysisViews.exportButton("gainExport", exports, AnalysisExport.GAIN_PNG, AnalysisExport.GAIN_CSV),
                AnalysisViews.caption("Δ test errors per class against the base, for the selected run"));
        BorderPane chart = new BorderPane(AnalysisViews.chart("gainChart", vm.chartProperty(),
                "Select a finished classification run", style));
        chart.setTop(bar);

        SplitPane split = new SplitPane(chart, side);
        split.setDividerPositions(0.66);
        BorderPane pane = new BorderPane(split);
        pane.setId("gainPane");
        pane.setPadding(AnalysisViews.padding());
        return pane;
    }
}
