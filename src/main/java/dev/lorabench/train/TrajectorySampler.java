package dev.lorabench.train;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples each lane's learning–forgetting trajectory: its per-class test errors before the first
 * step, every {@code every} steps and after its last step, on a fixed class-stratified subset of
 * the test set spread over it, chosen as the analysis subset is ({@link AnalysisRows#spreadRows}).
 * The subset and the spacing keep the cost small: about {@link Budget#points()} evaluations of
 * {@link Budget#samples()} rows per fine-tune (measured in docs/benchmarks.md).
 */
final class TrajectorySampler implements LaneProbe {

    /**
     * How densely to sample: about {@code points} points per fine-tune, on at most {@code samples}
     * test rows.
     */
    record Budget(int points, int samples) {

        /**
         * About 20 points on 500 rows (50 a class on MNIST). Each point is a forward pass over the
         * rows for every variant: on mlp-mnist (6,000 rows) 2,000 rows cost 94 % more CPU time in
         * the fine-tune phase, 500 rows 21 % (docs/benchmarks.md, ADR 0021).
         */
        static final Budget DEFAULT = new Budget(20, 500);

        /** No sampling (tests compare a run against one without the probe). */
        static final Budget OFF = new Budget(0, 0);

        Budget {
            if (points < 0 || samples < 0) {
                throw new IllegalArgumentException("a trajectory needs points ≥ 0 and samples ≥ 0 but got "
                        + points + ", " + samples);
            }
        }

        boolean off() {
            return points == 0 || samples == 0;
        }

        /** The spacing for a fine-tune of {@code steps} steps: max(1, steps / points). */
        int every(long steps) {
            return off() ? 1 : (int) Math.max(1, steps / points);
        }
    }

    private final TensorSet subset;
    private final int classes;
    private final int every;
    private final Evaluator evaluator;
    private final Map<Lane, List<TrajectoryPoint>> points = new IdentityHashMap<>();

    /**
     * @param subset the test rows to evaluate on ({@link AnalysisRows#spreadRows}); null samples nothing
     *     (regression, which has no classes to count errors on)
     * @param every a point every this many steps
     */
    TrajectorySampler(TensorSet subset, int classes, int every, RunContext context) {
        this.subset = subset;
        this.classes = classes;
        this.every = every;
        this.evaluator = new Evaluator(context);
    }

    @Override
    public boolean due(Lane lane, int step, boolean last) {
        if (subset == null) {
            return false;
        }
        List<TrajectoryPoint> seen = points.getOrDefault(lane, List.of());
        boolean fresh = seen.isEmpty() || seen.get(seen.size() - 1).step() != step;
        return fresh && (last || step % every == 0);
    }

    @Override
    public void look(Lane lane, int step) {
        Evaluation e = evaluator.evaluate(lane.model.getBlock(), subset, false, classes);
        points.computeIfAbsent(lane, l -> new ArrayList<>())
                .add(new TrajectoryPoint(step, e.classErrors(), subset.count()));
    }

    /** The lane's points so far, by step. */
    List<TrajectoryPoint> points(Lane lane) {
        return List.copyOf(points.getOrDefault(lane, List.of()));
    }
}
