package dev.lorabench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.analysis.DeltaWTimeline;
import dev.lorabench.analysis.LayerTimeline;
import dev.lorabench.analysis.SpectrumSample;
import dev.lorabench.analysis.VariantTimeline;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * run.json's {@code deltaWTimeline}: per LoRA variant and adapted layer, the sampled steps and at
 * each step ΔW's singular values (4 significant digits), effective rank, 90 %-energy rank and φ
 * against the final directions (4 decimals) — compact parallel arrays, one entry per step (ADR 0028).
 */
final class DeltaWTimelineJson {

    private static final MathContext DIGITS = new MathContext(4);

    private DeltaWTimelineJson() {}

    static JsonObject of(DeltaWTimeline timeline) {
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
                l.add("sigma", sigma);
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
