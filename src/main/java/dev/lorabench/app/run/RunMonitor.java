package dev.lorabench.app.run;

import dev.lorabench.app.form.DatasetChoice;
import dev.lorabench.report.SeriesColors;
import dev.lorabench.report.SeriesPalette;
import dev.lorabench.train.Evaluation;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.train.TrainingEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows one run: applies batches of its engine events to the chart models and keeps the
 * progress, phase and summary rows. Plain Java (no toolkit); the view-model calls {@link
 * #applyArrived} on the FX thread with everything that queued up since the last drain, each event
 * stamped when it arrived on the listener thread (wall-time axes measure from those stamps).
 */
public final class RunMonitor {

    /** An engine event and the (monotonic, nanosecond) time it arrived on the listener thread. */
    public record Arrival(TrainingEvent event, long nanos) {}

    /** One curve of one seed: where its wall time counts from. */
    private record CurveKey(String series, int seed) {}

    private final LossChartModel baseLoss;
    private final LossChartModel loss;
    private final ClassErrorChartModel bars;
    private final long baseParametersHint;
    private final Map<CurveKey, Long> starts = new HashMap<>();
    private final Map<String, Long> lastStep = new HashMap<>();
    private final Map<String, Integer> currentSeed = new HashMap<>();
    private long lastPhase = Long.MIN_VALUE;
    private boolean fineTuneStarted;

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
    private final List<String> warnings = new ArrayList<>();
    private TrainingEvent terminal;
    private long applied;

    /**
     * @param baseParametersHint the base's parameter count if known (for live "% of base"), else 0
     */
    public RunMonitor(LossChartModel baseLoss, LossChartModel loss, ClassErrorChartModel bars, long baseParametersHint) {
        this.baseLoss = baseLoss;
        this.loss = loss;
        this.bars = bars;
        this.baseParametersHint = baseParametersHint;
    }

    /** Applies a batch of events that all arrived at time 0 (no wall times). */
    public void apply(List<TrainingEvent> batch) {
        applyArrived(batch.stream().map(e -> new Arrival(e, 0)).toList());
    }

    /**
     * Applies a batch in order; each loss chart gets all of the batch's points in one append (the
     * base's points go to the base chart, the rest to the fine-tune chart).
     */
    public void applyArrived(List<Arrival> batch) {
        List<LossChartModel.Point> basePoints = new ArrayList<>();
        List<LossChartModel.Point> points = new ArrayList<>();
        for (Arrival a : batch) {
            TrainingEvent e = a.event();
            applied++;
            if (e instanceof TrainingEvent.StepLoss s) {
                currentSeed.merge(s.variant(), s.seed(), Math::max);
                double seconds = secondsSinceStart(s.variant(), s.seed(), a.nanos());
                lastStep.put(s.variant(), a.nanos());
                LossChartModel.Point p = new LossChartModel.Point(s.variant(), s.seed(), s.step(), seconds, s.loss());
                (LossPhase.BASE.holds(s.variant()) ? basePoints : points).add(p);
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
                baseLoss.setVariants(plan.variants());
                loss.setBatchSize(plan.batchSize());
                baseLoss.setBatchSize(plan.batchSize());
            } else if (e instanceof TrainingEvent.ValidationLoss v) {
                int seed = v.seed();
                String series = v.variant() + SeriesColors.VALIDATION_SUFFIX;
                LossChartModel.Point p = new LossChartModel.Point(
                        series, seed, v.step(), secondsSinceStart(v.variant(), seed, a.nanos()), v.loss());
                (LossPhase.BASE.holds(series) ? basePoints : points).add(p);
            } else if (e instanceof TrainingEvent.VariantDiverged d) {
                // The legend note is the run's own seed's; extra seeds' losses simply stop.
                if (d.seed() == 0) {
                    notes.put(d.variant(), "diverged at step " + d.step());
                }
            } else if (e instanceof TrainingEvent.PhaseStarted p) {
                phase = p.phase();
                lastPhase = a.nanos();
            } else if (e instanceof TrainingEvent.Warning w) {
                warnings.add(w.message());
            } else if (e instanceof TrainingEvent.Evaluated ev) {
                // An extra seed's evaluation does not replace the run's own; the finished run brings all seeds.
                if (currentSeed.getOrDefault(ev.variant(), 0) == 0) {
                    onEvaluated(ev);
                }
            } else if (e instanceof TrainingEvent.VariantFinished v) {
                if (currentSeed.getOrDefault(v.result().spec().name(), 0) == 0) {
                    rows.add(SummaryRows.row(v.result(), baseParametersHint, targets));
                }
            } else if (e.isTerminal()) {
                terminal = e;
                if (e instanceof TrainingEvent.RunFinished f) {
                    rows.clear();
                    rows.addAll(SummaryRows.of(f.result()));
                    doneSteps = totalSteps;
                }
            }
        }
        series.addAll(baseLoss.append(basePoints));
        if (!points.isEmpty()) {
            fineTuneStarted = true;
        }
        series.addAll(loss.append(points));
    }

    /**
     * Seconds from the start of a curve (series × seed) to {@code nanos}. A curve starts at the
     * latest phase start before its first loss, or, if later, at the series' last loss of another
     * seed (an extra seed's pass begins after the previous one ends, with or without a phase event).
     */
    private double secondsSinceStart(String series, int seed, long nanos) {
        long start = starts.computeIfAbsent(new CurveKey(series, seed), k -> {
            long t = Math.max(lastPhase, lastStep.getOrDefault(series, Long.MIN_VALUE));
            return t == Long.MIN_VALUE ? nanos : t;
        });
        return (nanos - start) / 1e9;
    }

    /** Whether fine-tune losses have arrived (the view then shows the fine-tune chart). */
    public boolean fineTuneStarted() {
        return fineTuneStarted;
    }

    private void onEvaluated(TrainingEvent.Evaluated ev) {
        if (ev.variant().equals(SeriesPalette.BASE)) {
            baseEvaluation = ev.evaluation();
            if (!ev.evaluation().isRegression() && plan != null) {
                targets = plan.finetune().classes().worst()
                        ? List.of(baseEvaluation.worstClass())
                        : plan.finetune().classes().classes();
                bars.setTargets(targets);
            }
            boolean trained = plan == null || plan.base().epochs() > 0;
            rows.removeIf(SummaryRow::isBase);
            rows.add(0, SummaryRows.base(baseEvaluation, baseParametersHint, targets, Double.NaN, trained));
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

    /** What the run worked around so far, one line each (e.g. a cached base trained again). */
    public List<String> warnings() {
        return List.copyOf(warnings);
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
