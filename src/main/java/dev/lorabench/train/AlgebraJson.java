package dev.lorabench.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.analysis.AdapterCombination;
import java.util.List;

/**
 * {@code combination.json}, schema {@code lorabench.combination/1}: how an exported adapter was
 * combined (sources, weights, type asked and applied, the options the type used, DARE's seed,
 * strength, rank) and the per-class test errors of the run's base and of the combination.
 */
final class AlgebraJson {

    static final String SCHEMA = "lorabench.combination/1";

    private AlgebraJson() {}

    static String toJson(AlgebraResult r) {
        AdapterCombination how = r.how();
        JsonObject root = new JsonObject();
        root.addProperty("schema", SCHEMA);
        root.addProperty("type", how.type().peftName());
        root.addProperty("applied", r.combined().applied().peftName());
        JsonArray sources = new JsonArray();
        double[] weights = how.weights();
        for (int i = 0; i < weights.length; i++) {
            JsonObject s = new JsonObject();
            s.addProperty("name", r.sources().get(i));
            s.addProperty("weight", weights[i]);
            sources.add(s);
        }
        root.add("sources", sources);
        how.density().ifPresent(d -> root.addProperty("density", d));
        how.svdRank().ifPresent(k -> root.addProperty("svdRank", k));
        how.svdClamp().ifPresent(q -> root.addProperty("svdClamp", q));
        if (how.type().merge().electsSign()) {
            root.addProperty("signElection", how.election().peftName());
        }
        r.seed().ifPresent(seed -> root.addProperty("dareSeed", seed));
        root.addProperty("strength", r.strength());
        root.addProperty("rank", r.combined().adapter().rank());
        root.add("base", evaluation(r.base()));
        root.add("combined", evaluation(r.evaluation()));
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().disableHtmlEscaping()
                .create().toJson(root);
    }

    private static JsonObject evaluation(Evaluation e) {
        JsonObject o = new JsonObject();
        o.addProperty("samples", e.samples());
        if (e.isRegression()) {
            o.addProperty("mse", e.mse());
        } else {
            o.addProperty("accuracy", e.accuracy());
            o.addProperty("errors", e.totalErrors());
            o.add("classErrors", ints(e.classErrors()));
            o.add("classCounts", ints(e.classCounts()));
        }
        return o;
    }

    private static JsonArray ints(List<Integer> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
