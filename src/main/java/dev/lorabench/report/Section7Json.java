package dev.lorabench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.analysis.Amplification;
import dev.lorabench.analysis.IntruderDimensions;
import dev.lorabench.analysis.IntruderProfile;
import dev.lorabench.analysis.PhiGrid;
import dev.lorabench.analysis.Section7;
import dev.lorabench.analysis.Section7Lab;
import dev.lorabench.analysis.Section7Layer;
import java.util.Map;

/**
 * run.json's {@code section7} (and {@code lorabench analyse}'s section7.json): the rank pair and the
 * seed variant, k and ε, and per layer the φ grids (4 decimals), Table 7's rows, and per variant
 * the intruder count at (k, ε), the counts over ε, the best cosines and the k×k similarity matrix.
 */
public final class Section7Json {

    private Section7Json() {}

    /** The findings at the default k and ε ({@link Section7Lab#DEFAULT_K}, {@link Section7Lab#DEFAULT_EPSILON}). */
    public static JsonObject of(Section7 s) {
        return of(s, Section7Lab.DEFAULT_K, Section7Lab.DEFAULT_EPSILON);
    }

    public static JsonObject of(Section7 s, int k, double epsilon) {
        JsonObject o = new JsonObject();
        if (s.pair() == null) {
            o.add("rankPair", null);
        } else {
            JsonObject pair = new JsonObject();
            pair.addProperty("low", s.pair().low().name());
            pair.addProperty("high", s.pair().high().name());
            pair.addProperty("paperRanks", s.pair().paperRanks());
            o.add("rankPair", pair);
        }
        o.addProperty("seedVariant", s.seedVariant() == null ? null : s.seedVariant().name());
        o.addProperty("k", k);
        o.addProperty("epsilon", epsilon);
        o.add("epsilons", doubles(Section7Lab.EPSILONS));
        o.addProperty("seconds", Math.round(s.seconds() * 1000) / 1000.0);
        JsonObject layers = new JsonObject();
        for (Section7Layer l : s.layers()) {
            layers.add(l.path(), layer(l, k, epsilon));
        }
        o.add("layers", layers);
        return o;
    }

    private static JsonObject layer(Section7Layer l, int k, double epsilon) {
        JsonObject o = new JsonObject();
        o.addProperty("shape", l.rows() + "x" + l.cols());
        o.addProperty("kMax", l.kMax());
        grid(o, "phiRanks", l.rankGrid());
        grid(o, "phiSeeds", l.seedGrid());
        grid(o, "phiRandom", l.randomGrid());
        JsonObject amplification = new JsonObject();
        for (Map.Entry<String, Amplification> e : l.amplification().entrySet()) {
            Amplification a = e.getValue();
            JsonObject row = new JsonObject();
            row.addProperty("rank", a.rank());
            row.addProperty("deltaNorm", a.deltaNorm());
            row.addProperty("weightNorm", a.weightNorm());
            row.addProperty("onDelta", a.onDelta());
            row.addProperty("onWeight", a.onWeight());
            row.addProperty("onRandom", a.onRandom());
            row.addProperty("factor", a.factor());
            amplification.add(e.getKey(), row);
        }
        o.add("amplification", amplification);
        JsonObject intruders = new JsonObject();
        for (Map.Entry<String, IntruderProfile> e : l.intruders().entrySet()) {
            int kk = Section7Csv.kFor(l, e.getValue(), k);
            IntruderDimensions d = e.getValue().at(kk, epsilon);
            JsonObject v = new JsonObject();
            v.addProperty("k", kk);
            v.addProperty("count", d.count());
            JsonArray indices = new JsonArray();
            d.intruders().forEach(indices::add);
            v.add("intruders", indices);
            v.add("countsOverEpsilon", ints(e.getValue().countsOver(kk, Section7Lab.EPSILONS)));
            v.add("bestCosine", doubles(d.bestCosine()));
            v.add("similarity", rows(e.getValue().similarity(kk)));
            intruders.add(e.getKey(), v);
        }
        o.add("intruders", intruders);
        return o;
    }

    private static void grid(JsonObject o, String key, PhiGrid g) {
        if (g == null) {
            return;
        }
        JsonObject j = new JsonObject();
        j.addProperty("rows", g.rows());
        j.addProperty("cols", g.cols());
        j.add("phi", rows(g.phi()));
        o.add(key, j);
    }

    private static JsonArray rows(double[][] grid) {
        JsonArray a = new JsonArray();
        for (double[] row : grid) {
            a.add(doubles(row));
        }
        return a;
    }

    private static JsonArray doubles(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(Math.round(v * 1e4) / 1e4);
        }
        return a;
    }

    private static JsonArray ints(int[] values) {
        JsonArray a = new JsonArray();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }
}
