package dev.lorabench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.TaskPair;

/**
 * run.json's {@code taskPair} (ADR 0029), present when the plan has companion classes:
 * {@code mainClasses}, {@code companionClasses}, {@code companionSamples}, and per plain LoRA
 * variant its {@code adapters} A (fine-tuned on the main classes), B (on the companion classes)
 * and the combinations {@code linear}, {@code cat}, {@code svd}, {@code ties}, each with its
 * {@code rank}, test {@code accuracy}, {@code errors}, {@code mainErrors}, {@code companionErrors},
 * {@code restErrors} (the classes neither task fine-tuned) and {@code classErrors}; a combination
 * the algebra refused has {@code refused} (why) instead.
 */
final class TaskPairJson {

    private TaskPairJson() {}

    static void addTo(JsonObject root, TaskPair pair) {
        if (!pair.present()) {
            return;
        }
        JsonObject o = new JsonObject();
        o.add("mainClasses", ints(pair.mainClasses()));
        o.add("companionClasses", ints(pair.companionClasses()));
        o.addProperty("companionSamples", pair.companionSamples());
        JsonArray variants = new JsonArray();
        for (TaskPair.VariantPair v : pair.variants()) {
            JsonObject vo = new JsonObject();
            vo.addProperty("variant", v.variant().name());
            JsonArray adapters = new JsonArray();
            for (TaskPair.Member m : v.members()) {
                adapters.add(member(pair, m));
            }
            vo.add("adapters", adapters);
            variants.add(vo);
        }
        o.add("variants", variants);
        root.add("taskPair", o);
    }

    private static JsonObject member(TaskPair pair, TaskPair.Member m) {
        JsonObject o = new JsonObject();
        o.addProperty("adapter", m.name());
        if (m.evaluation() == null) {
            o.addProperty("refused", m.refused());
            return o;
        }
        Evaluation e = m.evaluation();
        o.addProperty("rank", m.rank());
        o.addProperty("accuracy", e.accuracy());
        o.addProperty("errors", e.totalErrors());
        o.addProperty("mainErrors", pair.mainErrors(e));
        o.addProperty("companionErrors", pair.companionErrors(e));
        o.addProperty("restErrors", pair.restErrors(e));
        o.add("classErrors", ints(e.classErrors()));
        return o;
    }

    private static JsonArray ints(java.util.List<Integer> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
