package dev.lorabench.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.lorabench.train.BaseResult;
import dev.lorabench.train.Evaluation;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraMethod;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.PlanField;
import dev.lorabench.train.LossPoint;
import dev.lorabench.train.RunEnvironment;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.util.List;

/**
 * The run record, schema {@code lorabench.run/1}: every effective option and every result. Each
 * variant also has its {@code trajectory} and, when {@code config.seeds} > 1, its {@code seedRuns}
 * and {@code seedSummary} ({@link SeedJson}); with companion classes the run has {@code taskPair}
 * ({@link TaskPairJson}); fields are only ever added to the schema.
 */
public final class RunJson {

    public static final String SCHEMA = "lorabench.run/1";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create(); // "0=8" stays readable, not "0\u003d8"

    private RunJson() {}

    public static String toJson(RunResult run) {
        return GSON.toJson(toTree(run));
    }

    public static JsonObject toTree(RunResult run) {
        JsonObject root = new JsonObject();
        root.addProperty("schema", SCHEMA);
        root.add("config", config(run.plan()));
        root.add("environment", environment(run.environment()));
        root.add("classNames", strings(run.classNames()));
        root.add("targetClasses", ints(run.targetClasses()));
        root.addProperty("finetuneSamples", run.finetuneSamples());
        root.add("base", base(run.base(), run.plan()));
        JsonArray variants = new JsonArray();
        for (VariantResult v : run.variants()) {
            variants.add(variant(v, run));
        }
        root.add("variants", variants);
        // Pairwise comparisons of the variants over their seeds, next to the variants whose
        // "seedRuns" they compare (config.seeds > 1).
        if (!run.seedRuns().isEmpty()) {
            root.add("comparisons", ComparisonJson.of(run.comparisons()));
        }
        root.addProperty("seconds", round(run.seconds()));
        TaskPairJson.addTo(root, run.taskPair());
        AnalysisJson.addTo(root, run);
        root.add("deltaWTimeline", DeltaWTimelineJson.summary(run.deltaWTimeline()));
        return root;
    }

    /** run.json's {@code config}: every row of the plan table under its keys ({@link PlanField#json}). */
    public static JsonObject config(ExperimentPlan p) {
        JsonObject c = new JsonObject();
        for (PlanField f : PlanField.values()) {
            f.json(p).forEach((key, value) -> c.add(key, element(value)));
        }
        return c;
    }

    private static JsonElement element(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(v -> a.add(element(v)));
            return a;
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return new JsonPrimitive(value.toString());
    }

    private static JsonObject environment(RunEnvironment e) {
        JsonObject o = new JsonObject();
        o.addProperty("lorabench", e.lorabench());
        o.addProperty("djl", e.djl());
        o.addProperty("engine", e.engine());
        o.addProperty("engineVersion", e.engineVersion());
        o.addProperty("threads", e.threads());
        o.addProperty("java", e.java());
        return o;
    }

    /**
     * The base; its test numbers are on the fine-tune dataset's test set ({@code testDataset}), the
     * variants' "before". A transfer base also has {@code ownTest}: its own dataset's test numbers.
     */
    private static JsonObject base(BaseResult b, ExperimentPlan plan) {
        JsonObject o = new JsonObject();
        o.addProperty("parameters", b.parameters());
        o.addProperty("sha256", b.sha256());
        o.addProperty("trained", b.trained());
        // ADR 0025: reused from the base cache (its recipe's key), or trained and kept there.
        o.addProperty("fromCache", b.fromCache());
        o.addProperty("cacheKey", b.cacheKey());
        o.addProperty("trainDataset", plan.baseDataset().id());
        o.addProperty("testDataset", plan.dataset().id());
        evaluation(o, b.evaluation());
        if (b.ownEvaluation() != null) {
            JsonObject own = new JsonObject();
            own.addProperty("testDataset", plan.baseDataset().id());
            evaluation(own, b.ownEvaluation());
            o.add("ownTest", own);
        }
        o.addProperty("seconds", round(b.seconds()));
        o.add("losses", losses(b.losses()));
        return o;
    }

    private static JsonObject variant(VariantResult v, RunResult run) {
        JsonObject o = new JsonObject();
        o.addProperty("name", v.spec().name());
        o.addProperty("kind", v.spec().kind());
        o.addProperty("method", v.spec().methodId());
        o.addProperty("status", v.status());
        if (v.diverged()) {
            o.addProperty("divergedAtStep", v.divergedAtStep());
        }
        if (v.spec() instanceof LoraVariant lora) {
            o.addProperty("rank", lora.rank());
            o.addProperty("alpha", v.alpha());
            if (lora.method() == LoraMethod.LORAPLUS) {
                o.addProperty("lambda", lora.bRate()); // LoRA+: B's learning rate over A's
            }
        }
        o.addProperty("trainableParameters", v.trainableParameters());
        o.addProperty("trainableShare", (double) v.trainableParameters() / run.base().parameters());
        JsonObject layers = new JsonObject();
        v.layerParameters().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> layers.addProperty(e.getKey(), e.getValue()));
        o.add("layers", layers);
        o.add("losses", losses(v.losses()));
        if (!v.validationLosses().isEmpty()) {
            o.add("validationLosses", losses(v.validationLosses()));
        }
        if (v.stoppedEarlyAfterEpoch() > 0) {
            o.addProperty("stoppedEarlyAfterEpoch", v.stoppedEarlyAfterEpoch());
        }
        o.addProperty("testDataset", run.plan().dataset().id());
        evaluation(o, v.evaluation());
        if (!v.evaluation().isRegression()) {
            List<Integer> targets = run.targetClasses();
            int onTargets = v.evaluation().errorsOn(targets);
            o.addProperty("targetErrors", onTargets);
            o.addProperty("otherErrors", v.evaluation().totalErrors() - onTargets);
        }
        o.addProperty("baseSha256After", v.baseSha256After());
        o.addProperty("baseUnchanged", v.baseUnchanged());
        o.addProperty("seconds", round(v.seconds()));
        SeedJson.addTo(o, v, run);
        return o;
    }

    private static void evaluation(JsonObject o, Evaluation e) {
        o.addProperty("testSamples", e.samples());
        if (e.isRegression()) {
            o.addProperty("mse", e.mse());
            JsonArray predictions = new JsonArray();
            for (Evaluation.SamplePrediction p : e.predictions()) {
                JsonObject s = new JsonObject();
                s.add("target", floats(p.target()));
                s.add("predicted", floats(p.predicted()));
                predictions.add(s);
            }
            o.add("predictions", predictions);
            return;
        }
        o.addProperty("accuracy", e.accuracy());
        o.add("classErrors", ints(e.classErrors()));
        o.add("classCounts", ints(e.classCounts()));
        JsonArray confusion = new JsonArray();
        e.confusion().forEach(row -> confusion.add(ints(row)));
        o.add("confusion", confusion);
    }

    private static JsonArray losses(List<LossPoint> points) {
        JsonArray a = new JsonArray();
        for (LossPoint p : points) {
            JsonObject o = new JsonObject();
            o.addProperty("step", p.step());
            o.addProperty("loss", p.loss());
            a.add(o);
        }
        return a;
    }

    private static JsonArray ints(List<Integer> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static JsonArray floats(List<Float> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
