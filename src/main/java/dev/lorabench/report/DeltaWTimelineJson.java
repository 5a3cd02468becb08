package dev.lorabench.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.analysis.DeltaWTimeline;
import dev.lorabench.analysis.LayerTimeline;
import dev.lorabench.analysis.SpectrumSample;
import dev.lorabench.analysis.VariantTimeline;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * ΔW over time as JSON (ADR 0028), per LoRA variant and adapted layer, as parallel arrays with
 * one entry per sampled step: {@code steps}, {@code effectiveRank}, {@code energyRank90}, {@code
 * phiInput}, {@code phiOutput} (4 decimals) and, in the file of its own, {@code sigma} (each step's
 * singular values to 4 significant digits). run.json carries it without {@code sigma}: with it, the
 * transfer preset's run.json grew from 262 KB to 572 KB (docs/benchmarks.md).
 */
public final class DeltaWTimelineJson {

    /** The file of its own's schema. */
    public static final String SCHEMA = "lorabench.deltaw-timeline/1";

    private static final MathContext DIGITS = new MathContext(4);
    // Arrays of numbers, one a line when pretty-printed, would be 2.6 times as large.
    private static final Gson COMPACT = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private DeltaWTimelineJson() {}

    /** run.json's {@code deltaWTimeline}: every array but the singular values. */
    public static JsonObject summary(DeltaWTimeline timeline) {
        return of(timeline, false);
    }

    /** The file of its own ({@link RunReport#DELTAW_TIMELINE_JSON}), one line: the schema and every array. */
    public static String file(DeltaWTimeline timeline) {
        JsonObject root = new JsonObject();
        root.addProperty("schema", SCHEMA);
        root.add("variants", of(timeline, true));
        return COMPACT.toJson(root);
    }

    /** With or without each step's singular values. */
    public static JsonObject of(DeltaWTimeline timeline, boolean sigmas) {
        JsonObject root = new JsonObject();
        for (VariantTimeline v : timeline.variants()) {
            JsonObject variant = new JsonObject();
            for (LayerTimeline layer : v.layers()) {
                JsonObject l = new JsonObject();
                l.addProperty("shape", layer.rows() + "x" + layer.cols());
                JsonArray steps = new JsonArray();
                JsonArray sigma = new JsonArray();
                JsonArray erank = new JsonArray();
                JsonArray energy = new JsonArray();
                JsonArray phiIn = new JsonArray();
                JsonArray phiOut = new JsonArray();
                for (SpectrumSample s : layer.samples()) {
                    steps.add(s.step());
                    JsonArray values = new JsonArray();
                    for (double x : s.sigma()) {
                        values.add(significant(x));
                    }
                    sigma.add(values);
                    erank.add(decimals(s.effectiveRank()));
                    energy.add(s.energyRank90());
                    phiIn.add(decimals(s.phiInput()));
                    phiOut.add(decimals(s.phiOutput()));
                }
                l.add("steps", steps);
                if (sigmas) {
                    l.add("sigma", sigma);
                }
                l.add("effectiveRank", erank);
                l.add("energyRank90", energy);
                l.add("phiInput", phiIn);
                l.add("phiOutput", phiOut);
                variant.add(layer.path(), l);
            }
            root.add(v.name(), variant);
        }
        return root;
    }

    /** {@code x} to 4 significant digits (σ spans decades over a fine-tune: a fixed decimal would lose the early ones). */
    static double significant(double x) {
        return x == 0 || !Double.isFinite(x) ? x : new BigDecimal(x).round(DIGITS).doubleValue();
    }

    private static double decimals(double x) {
        return Math.round(x * 1e4) / 1e4;
    }
}
