package dev.lorabench.app.analysis;

import dev.lorabench.app.run.ClassErrorChartModel;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.train.RunResult;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;

/**
 * The analyses of the selected run, one view-model per tab: base integrity, adapters (on/off,
 * merge, PEFT save/load), the ΔW lab, gain and forgetting, the Pareto chart, the learning–forgetting
 * trajectories, the confusion matrix, the misclassified gallery, the SVD primer, the LoRA paper's §7
 * and the intruder dimensions (with the reduction's λ slider), the adapter algebra, plus their exports. This class only
 * owns the selected run and hands it to each of them; engine calls run through {@link
 * BackgroundTask}s on the injected executors. Use from the FX thread.
 */
public final class AnalysisViewModel {

    private final ReadOnlyObjectWrapper<RunRecord> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final IntegrityViewModel integrity = new IntegrityViewModel();
    private final AdapterViewModel adapters;
    private final DeltaWViewModel deltaW = new DeltaWViewModel();
    private final GainForgettingViewModel gain;
    private final GalleryViewModel gallery;
    private final ParetoViewModel pareto = new ParetoViewModel();
    private final ComparisonsViewModel comparisons = new ComparisonsViewModel();
    private final TrajectoryViewModel trajectory = new TrajectoryViewModel();
    private final DeltaWTimelineViewModel deltaWTimeline;
    private final ConfusionViewModel confusion;
    private final SvdPrimerViewModel primer;
    private final Section7ViewModel section7 = new Section7ViewModel();
    private final IntruderViewModel intruders;
    private final ReductionViewModel reduction;
    private final AlgebraViewModel algebra;
    private final AnalysisExports exports;
    private final javafx.beans.property.ObjectProperty<dev.lorabench.report.ChartStyle> chartStyle =
            new javafx.beans.property.SimpleObjectProperty<>(dev.lorabench.report.ChartStyle.LIGHT);

    public AnalysisViewModel(TaskExecutor tasks, ClassErrorChartModel classErrors, ObservableList<RunRecord> history,
            Supplier<UserPrompts> prompts) {
        adapters = new AdapterViewModel(tasks, classErrors, prompts, status);
        gain = new GainForgettingViewModel(history);
        gallery = new GalleryViewModel(tasks, adapters);
        primer = new SvdPrimerViewModel(tasks);
        intruders = new IntruderViewModel(tasks);
        reduction = new ReductionViewModel(tasks, adapters, intruders);
        deltaWTimeline = new DeltaWTimelineViewModel(tasks);
        algebra = new AlgebraViewModel(tasks);
        exports = new AnalysisExports(tasks, prompts, status, this);
        confusion = new ConfusionViewModel(adapters, gallery);
        adapters.setOnEvaluated(name -> {
            gallery.reloadIfShowing(name);
            confusion.refreshIfShowing(name);
        });
    }

    /** The run the tabs show (null: none). */
    public ReadOnlyObjectProperty<RunRecord> runProperty() { return run.getReadOnlyProperty(); }
    /** One line about the last analysis command (export, adapter saved). */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    public IntegrityViewModel integrity() { return integrity; }
    public AdapterViewModel adapters() { return adapters; }
    public DeltaWViewModel deltaW() { return deltaW; }
    public GainForgettingViewModel gain() { return gain; }
    public GalleryViewModel gallery() { return gallery; }
    public ParetoViewModel pareto() { return pareto; }
    public ComparisonsViewModel comparisons() { return comparisons; }
    public TrajectoryViewModel trajectory() { return trajectory; }
    public DeltaWTimelineViewModel deltaWTimeline() { return deltaWTimeline; }
    public ConfusionViewModel confusion() { return confusion; }
    public SvdPrimerViewModel primer() { return primer; }
    public Section7ViewModel section7() { return section7; }
    public IntruderViewModel intruders() { return intruders; }
    public ReductionViewModel reduction() { return reduction; }
    public AlgebraViewModel algebra() { return algebra; }
    public AnalysisExports exports() { return exports; }

    /** Shows a run (null: clears every tab); answers still under way for the last one are dropped. */
    public void load(RunRecord record) {
        run.set(record);
        status.set("");
        RunResult result = record == null ? null : record.result();
        // Adapters first: the gallery reads the evaluations they show.
        adapters.load(record);
        integrity.load(result);
        deltaW.load(result);
        gain.load(record);
        gallery.load(record);
        pareto.load(record);
        comparisons.load(record);
        trajectory.load(record);
        deltaWTimeline.load(record);
        confusion.load(record);
        primer.load(record);
        section7.load(result);
        // The reduction lists the variants the intruder findings cover: intruders first.
        intruders.load(result);
        reduction.load(record);
        algebra.load(record);
    }

    /** The style the analysis charts are shown in (the window's theme); exports are always light. */
    public javafx.beans.property.ObjectProperty<dev.lorabench.report.ChartStyle> chartStyleProperty() {
        return chartStyle;
    }
}
