package dev.lorabench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.LossPoint;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.SeedRun;
import dev.lorabench.train.TrajectoryPoint;
import dev.lorabench.train.VariantResult;
import java.util.List;

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
        variant.add("seedSummary", summary(SeedSummary.of(runs, run.targetClasses())));
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

    private static JsonObject summary(SeedSummary s) {
        JsonObject o = new JsonObject();
        o.addProperty("seeds", s.seeds());
        o.addProperty("diverged", s.diverged());
        if (s.mse() != null) {
            o.add("mse", spread(s.mse()));
            return o;
        }
        o.add("accuracy", spread(s.accuracy()));
        o.add("targetErrors", spread(s.targetErrors()));
        o.add("otherErrors", spread(s.otherErrors()));
        JsonArray perClass = new JsonArray();
        s.classErrors().forEach(c -> perClass.add(spread(c)));
        o.add("classErrors", perClass);
        return o;
    }

    private static JsonObject spread(SeedSummary.Spread s) {
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
