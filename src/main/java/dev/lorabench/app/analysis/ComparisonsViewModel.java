package dev.lorabench.app.analysis;

import dev.lorabench.analysis.stats.Comparison;
import dev.lorabench.analysis.stats.Scope;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.train.RunResult;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Comparisons tab: every pair of variants compared over the run's seeds, in words (the paired
 * t-test, Holm-corrected within each scope; docs/statistics.md), filtered to what the run asked
 * by default: overall and on the classes it fine-tuned on.
 */
public final class ComparisonsViewModel {

    private final ObjectProperty<ComparisonFilter> filter = new SimpleObjectProperty<>(ComparisonFilter.ASKED);
    private final ObservableList<Comparison> rows = FXCollections.observableArrayList();
    private final ObservableList<Comparison> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("Select a finished run");
    private List<Comparison> all = List.of();
    private List<Integer> targets = List.of();

    ComparisonsViewModel() {
        filter.addListener((obs, was, now) -> refresh());
    }

    public ObjectProperty<ComparisonFilter> filterProperty() { return filter; }
    /** The comparisons the filter lets through, in order: scope by scope, pairs in display order. */
    public ObservableList<Comparison> rows() { return rowsView; }
    /** How many comparisons are significant, with the method; or why there are none. */
    public ReadOnlyStringProperty headlineProperty() { return headline.getReadOnlyProperty(); }

    /** Every comparison of the shown run, whatever the filter (for the CSV export). */
    List<Comparison> all() {
        return all;
    }

    /** Shows a run (null: none). */
    void load(RunRecord record) {
        RunResult result = record == null ? null : record.result();
        all = result == null ? List.of() : result.comparisons();
        targets = result == null ? List.of() : result.targetClasses();
        if (result == null) {
            headline.set("Select a finished run");
        } else if (all.isEmpty()) {
            headline.set(result.seedRuns().isEmpty()
                    ? "One seed: set Seeds to 2 or more (--seeds N) to compare the variants over seeds"
                    : "Fewer than two variants: nothing to compare");
        } else {
            Comparison first = all.get(0);
            long significant = all.stream().filter(Comparison::significant).count();
            headline.set(significant + " of " + all.size() + " comparisons significant at α = " + first.alpha()
                    + " (" + first.test().label() + " over " + seeds(result) + " seeds, Holm-corrected within each scope)");
        }
        refresh();
    }

    private void refresh() {
        ComparisonFilter f = filter.get() == null ? ComparisonFilter.ASKED : filter.get();
        rows.setAll(all.stream().filter(c -> switch (f) {
            case ALL -> true;
            case SIGNIFICANT -> c.significant();
            case ASKED -> !(c.scope() instanceof Scope.OfClass k) || targets.contains(k.index());
        }).toList());
    }

    private static int seeds(RunResult result) {
        return result.seedRuns().stream().mapToInt(dev.lorabench.train.SeedRun::seedIndex).max().orElse(0) + 1;
    }
}
