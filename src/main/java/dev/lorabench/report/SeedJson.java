package dev.lorabench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.analysis.stats.SeedSummary;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.LossPoint;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.SeedRun;
import dev.lorabench.train.TrajectoryPoint;
import dev.lorabench.train.VariantResult;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A variant's seeds and trajectory in run.json: {@code trajectory} (per-class test errors sampled
 * during the run's own seed's fine-tune), and, in a run over several seeds, {@code seedRuns} (each
 * seed's losses and test results) and {@code seedSummary} (their spread, {@link SeedSummary}).
 */
final class SeedJson {

    private SeedJson() {}

    static void addTo(JsonObject variant, VariantResult v, RunResult run) {
        JsonArray trajectory = new JsonArray();
        for (TrajectoryPoint p : v.trajectory()) {
            JsonObject o = new JsonObject();
            o.addProperty("step", p.step());
            o.addProperty("samples", p.samples());
            o.add("classErrors", ints(p.classErrors()));
            trajectory.add(o);
        }
        variant.add("trajectory", trajectory);
        List<SeedRun> runs = run.seedRuns().stream().filter(r -> r.variant().equals(v.spec().name())).toList();
        if (runs.isEmpty()) {
            return;
        }
        JsonArray seedRuns = new JsonArray();
        for (SeedRun r : runs) {
            seedRuns.add(seedRun(r, run.targetClasses()));
        }
        variant.add("seedRuns", seedRuns);
        variant.add("seedSummary", summary(runs, run.targetClasses()));
    }

    private static JsonObject seedRun(SeedRun r, List<Integer> targets) {
        JsonObject o = new JsonObject();
        o.addProperty("seedIndex", r.seedIndex());
        o.addProperty("seed", r.seed());
        o.addProperty("divergedAtStep", r.divergedAtStep());
        Evaluation e = r.evaluation();
        if (e.isRegression()) {
            o.addProperty("mse", e.mse());
        } else {
            o.addProperty("accuracy", e.accuracy());
            o.addProperty("targetErrors", e.errorsOn(targets));
            o.addProperty("otherErrors", e.totalErrors() - e.errorsOn(targets));
            o.add("classErrors", ints(e.classErrors()));
        }
        JsonArray losses = new JsonArray();
        for (LossPoint p : r.losses()) {
            JsonObject l = new JsonObject();
            l.addProperty("step", p.step());
            l.addProperty("loss", p.loss());
            losses.add(l);
        }
        o.add("losses", losses);
        return o;
    }

    /**
     * Mean, sample standard deviation, min and max over the seeds that finished ({@link
     * SeedSummary}); a diverged seed has no result worth averaging and is counted instead, as in
     * the comparisons and the Pareto view. Without a finished seed there is nothing to summarise.
     */
    private static JsonObject summary(List<SeedRun> runs, List<Integer> targets) {
        List<Evaluation> finished = runs.stream().filter(r -> r.divergedAtStep() == 0).map(SeedRun::evaluation).toList();
        JsonObject o = new JsonObject();
        o.addProperty("seeds", runs.size());
        o.addProperty("finished", finished.size());
        o.addProperty("diverged", runs.size() - finished.size());
        if (finished.isEmpty()) {
            return o;
        }
        if (finished.get(0).isRegression()) {
            o.add("mse", spread(finished, Evaluation::mse));
            return o;
        }
        o.add("accuracy", spread(finished, Evaluation::accuracy));
        o.add("targetErrors", spread(finished, e -> e.errorsOn(targets)));
        o.add("otherErrors", spread(finished, e -> e.totalErrors() - e.errorsOn(targets)));
        JsonArray perClass = new JsonArray();
        for (int c = 0; c < finished.get(0).classErrors().size(); c++) {
            int k = c;
            perClass.add(spread(finished, e -> e.classErrors().get(k)));
        }
        o.add("classErrors", perClass);
        return o;
    }

    private static JsonObject spread(List<Evaluation> finished, ToDoubleFunction<Evaluation> measure) {
        SeedSummary s = SeedSummary.of(finished.stream().mapToDouble(measure).toArray());
        JsonObject o = new JsonObject();
        o.addProperty("mean", s.mean());
        o.addProperty("sd", s.sd());
        o.addProperty("min", s.min());
        o.addProperty("max", s.max());
        return o;
    }

    private static JsonArray ints(List<Integer> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
