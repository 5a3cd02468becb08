package dev.lorabench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.analysis.stats.Comparison;
import dev.lorabench.analysis.stats.Scope;
import java.util.List;

/**
 * run.json's {@code comparisons}: every pair of variants over seeds, overall and per class
 * (docs/statistics.md), each with its sentence for a person.
 */
final class ComparisonJson {

    private ComparisonJson() {}

    static JsonArray of(List<Comparison> comparisons) {
        JsonArray all = new JsonArray();
        for (Comparison c : comparisons) {
            JsonObject o = new JsonObject();
            o.addProperty("a", c.a());
            o.addProperty("b", c.b());
            if (c.scope() instanceof Scope.OfClass k) {
                o.addProperty("scope", "class");
                o.addProperty("class", k.index());
                o.addProperty("className", k.name());
            } else {
                o.addProperty("scope", "overall");
            }
            o.addProperty("metric", c.metric().noun());
            o.addProperty("effect", c.effect());
            o.addProperty("pValue", c.pValue());
            o.addProperty("rawPValue", c.rawPValue());
            o.addProperty("method", c.method());
            o.addProperty("test", c.test().label());
            o.addProperty("correction", "Holm over the " + c.familySize() + " tested pairs of this scope");
            o.addProperty("n", c.n());
            o.addProperty("outcome", c.outcome().name().toLowerCase(java.util.Locale.ROOT));
            o.addProperty("alpha", c.alpha());
            o.addProperty("significant", c.significant());
            o.addProperty("sentence", c.sentence());
            all.add(o);
        }
        return all;
    }
}
