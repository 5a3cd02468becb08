package dev.lorabench.report;

import dev.lorabench.analysis.GainForgetting;
import dev.lorabench.plan.Variant;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.TrajectoryPoint;
import dev.lorabench.train.VariantResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A variant's learning against forgetting while it fine-tuned: gain and forgetting (as in {@link
 * GainForgetting}) at each sampled step, in step order.
 *
 * <p>A point is compared with the base's test evaluation when it used as many test samples;
 * otherwise (the engine sampled a subset to save time) with the trajectory's own step-0 point on
 * as many samples, which is the model before its first step, i.e. the base on that subset. A point
 * with neither reference is left out and counted in {@code leftOut}.
 *
 * @param steps the points, in step order (empty: the run sampled none for this variant)
 * @param leftOut sampled points without a reference to compare with
 */
public record TrajectoryCurve(Variant variant, List<Step> steps, int leftOut) {

    public TrajectoryCurve {
        steps = List.copyOf(steps);
    }

    public String name() {
        return variant.name();
    }

    /** One sampled step: its gain and forgetting against the base, on {@code samples} test rows. */
    public record Step(int step, int gain, int forgetting, int samples) {}

    /** Every variant's curve, in the run's order; empty for regression. */
    public static List<TrajectoryCurve> of(RunResult run) {
        Evaluation base = run.base().evaluation();
        if (base.isRegression()) {
            return List.of();
        }
        List<TrajectoryCurve> curves = new ArrayList<>();
        for (VariantResult v : run.variants()) {
            List<TrajectoryPoint> points = v.trajectory().stream()
                    .sorted(Comparator.comparingInt(TrajectoryPoint::step)).toList();
            TrajectoryPoint start = points.stream().filter(p -> p.step() == 0).findFirst().orElse(null);
            List<Step> steps = new ArrayList<>();
            int leftOut = 0;
            for (TrajectoryPoint p : points) {
                List<Integer> reference = p.samples() == base.samples() ? base.classErrors()
                        : start != null && start.samples() == p.samples() ? start.classErrors() : null;
                if (reference == null) {
                    leftOut++;
                    continue;
                }
                GainForgetting g = GainForgetting.of(reference, p.classErrors(), run.targetClasses());
                steps.add(new Step(p.step(), g.gain(), g.forgetting(), p.samples()));
            }
            curves.add(new TrajectoryCurve(v.spec(), steps, leftOut));
        }
        return curves;
    }
}
