package dev.lorabench.app.run;

import dev.lorabench.app.form.DatasetChoice;
import dev.lorabench.train.Evaluation;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.train.TrainingEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one run: applies batches of its engine events to the chart models and keeps the
 * progress, phase and summary rows. Plain Java (no toolkit); the view-model calls {@link #apply}
 * on the FX thread with everything that queued up since the last drain.
 */
public final class RunMonitor {

    private final LossChartModel loss;
    private final ClassErrorChartModel bars;
    private final long baseParametersHint;

    private ExperimentPlan plan;
    private String phase = "starting";
    private long doneSteps;
    private long totalSteps;
    private double etaSeconds = Double.NaN;
    private Evaluation baseEvaluation;
    private List<Integer> targets = List.of();
    private final List<SummaryRow> rows = new ArrayList<>();
    private final List<String> series = new ArrayList<>();
    private final java.util.Map<String, String> notes = new java.util.LinkedHashMap<>();
    private TrainingEvent terminal;
    private long applied;

    /**
     * @param baseParametersHint the base's parameter count if known (for live "% of base"), else 0
     */
    public RunMonitor(LossChartModel loss, ClassErrorChartModel bars, long baseParametersHint) {
        this.loss = loss;
        this.bars = bars;
        this.baseParametersHint = baseParametersHint;
    }

    /** Applies a batch in order; the loss chart gets all of the batch's points in one append. */
    public void apply(List<TrainingEvent> batch) {
        List<LossChartModel.Point> points = new ArrayList<>();
        for (TrainingEvent e : batch) {
            applied++;
            if (e instanceof TrainingEvent.StepLoss s) {
                points.add(new LossChartModel.Point(s.variant(), s.step(), s.loss()));
            } else if (e instanceof TrainingEvent.Progress p) {
                doneSteps = p.doneSteps();
                totalSteps = p.totalSteps();
                etaSeconds = p.etaSeconds();
            } else if (e instanceof TrainingEvent.RunStarted r) {
                plan = r.plan();
                totalSteps = r.totalSteps();
                bars.setClassNames(DatasetChoice.of(plan.dataset()).classNames());
                bars.setVariants(plan.variants());
                loss.setVariants(plan.variants());
            } else if (e instanceof TrainingEvent.ValidationLoss v) {
                points.add(new LossChartModel.Point(
                        v.variant() + dev.lorabench.report.SeriesColors.VALIDATION_SUFFIX, v.step(), v.loss()));
            } else if (e instanceof TrainingEvent.VariantDiverged d) {
                notes.put(d.variant(), "diverged at step " + d.step());
            } else if (e instanceof TrainingEvent.PhaseStarted p) {
                phase = p.phase();
            } else if (e instanceof TrainingEvent.Evaluated ev) {
                onEvaluated(ev);
            } else if (e instanceof TrainingEvent.VariantFinished v) {
                rows.add(SummaryRows.row(v.result(), baseParametersHint, targets));
            } else if (e.isTerminal()) {
                terminal = e;
                if (e instanceof TrainingEvent.RunFinished f) {
                    rows.clear();
                    rows.addAll(SummaryRows.of(f.result()));
                    doneSteps = totalSteps;
                }
            }
        }
        for (String created : loss.append(points)) {
            series.add(created);
        }
    }

    private void onEvaluated(TrainingEvent.Evaluated ev) {
        if (ev.variant().equals("base")) {
            baseEvaluation = ev.evaluation();
            if (!ev.evaluation().isRegression() && plan != null) {
                targets = plan.finetune().classes().worst()
                        ? List.of(baseEvaluation.worstClass())
                        : plan.finetune().classes().classes();
                bars.setTargets(targets);
            }
        }
        bars.put(ev.variant(), ev.evaluation());
    }

    public ExperimentPlan plan() {
        return plan;
    }

    public String phase() {
        return phase;
    }

    public long doneSteps() {
        return doneSteps;
    }

    public long totalSteps() {
        return totalSteps;
    }

    /** 0..1, or -1 while the total is unknown. */
    public double progress() {
        return totalSteps <= 0 ? -1 : Math.min(1.0, (double) doneSteps / totalSteps);
    }

    public double etaSeconds() {
        return etaSeconds;
    }

    public List<Integer> targets() {
        return targets;
    }

    /** Summary rows of the variants finished so far (all of them once the run finished). */
    public List<SummaryRow> rows() {
        return List.copyOf(rows);
    }

    /** Loss series in the order they appeared. */
    public List<String> series() {
        return List.copyOf(series);
    }

    /** Legend notes per series, e.g. "lora-r2" → "diverged at step 12". */
    public java.util.Map<String, String> notes() {
        return java.util.Map.copyOf(notes);
    }

    /**
     * The event that ended the run, or null while it goes on. It only updates the views; the
     * view-model takes the run's outcome from its handle's future.
     */
    public TrainingEvent terminal() {
        return terminal;
    }

    /** How many events were applied in total. */
    public long appliedEvents() {
        return applied;
    }
}
