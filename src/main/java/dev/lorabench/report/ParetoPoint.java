package dev.lorabench.report;

import dev.lorabench.analysis.GainForgetting;
import dev.lorabench.plan.Variant;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.SeedRun;
import dev.lorabench.train.VariantResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One variant on the cost/benefit plane: its trainable parameters against what it bought (gain:
 * errors removed on the target classes) and what it cost (forgetting: errors added on the other
 * classes), both against the run's base, over the seeds that finished.
 *
 * @param seeds how many seeds finished (the spreads are over these; 0: none, nothing to draw)
 * @param divergedSeeds how many seeds diverged (left out of the spreads)
 * @param gain gain over the finished seeds (null when none finished)
 * @param forgetting forgetting over the finished seeds (null when none finished)
 */
public record ParetoPoint(Variant variant, long trainableParameters, int seeds, int divergedSeeds, Spread gain,
        Spread forgetting) {

    /** Whether there is anything to draw (at least one seed finished). */
    public boolean drawn() {
        return seeds > 0;
    }

    public String name() {
        return variant.name();
    }

    /**
     * The points of a classification run, in the run's variant order; empty for regression. With
     * several seeds ({@link RunResult#seedRuns()}) a variant's spread is over its seed runs, otherwise
     * it is the variant's one result.
     */
    public static List<ParetoPoint> of(RunResult run) {
        Evaluation base = run.base().evaluation();
        if (base.isRegression()) {
            return List.of();
        }
        List<ParetoPoint> points = new ArrayList<>();
        for (VariantResult v : run.variants()) {
            List<SeedRun> seeds = run.seedRuns().stream().filter(s -> s.variant().equals(v.spec().name()))
                    .sorted(Comparator.comparingInt(SeedRun::seedIndex)).toList();
            List<Evaluation> finished = new ArrayList<>();
            int diverged = 0;
            if (seeds.isEmpty()) {
                if (v.diverged()) {
                    diverged++;
                } else {
                    finished.add(v.evaluation());
                }
            } else {
                for (SeedRun s : seeds) {
                    if (s.divergedAtStep() > 0) {
                        diverged++;
                    } else {
                        finished.add(s.evaluation());
                    }
                }
            }
            List<Integer> gains = new ArrayList<>();
            List<Integer> forgets = new ArrayList<>();
            for (Evaluation e : finished) {
                GainForgetting g = GainForgetting.of(base.classErrors(), e.classErrors(), run.targetClasses());
                gains.add(g.gain());
                forgets.add(g.forgetting());
            }
            points.add(new ParetoPoint(v.spec(), v.trainableParameters(), finished.size(), diverged,
                    Spread.of(gains), Spread.of(forgets)));
        }
        return points;
    }

    /** The mean, smallest and largest of a few whole numbers (one per seed). */
    public record Spread(double mean, int min, int max) {

        /** The spread of {@code values}; null when there are none. */
        public static Spread of(List<Integer> values) {
            if (values.isEmpty()) {
                return null;
            }
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            long sum = 0;
            for (int v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            return new Spread((double) sum / values.size(), min, max);
        }
    }
}
