package dev.lorabench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.analysis.GainForgetting;
import dev.lorabench.analysis.IntegrityCertificate;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.TensorCheck;
import dev.lorabench.analysis.TruncationCurve;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;

/**
 * The analysis lab's part of run.json: integrity, spectra, effectiveRank, energyRank90,
 * subspaceSimilarity, amplification, truncation, forgetting and section7 ({@link Section7Json}).
 */
final class AnalysisJson {

    private AnalysisJson() {}

    static void addTo(JsonObject root, RunResult run) {
        JsonObject integrity = new JsonObject();
        for (VariantResult v : run.variants()) {
            integrity.add(v.spec().name(), integrity(v.integrity()));
        }
        root.add("integrity", integrity);

        JsonObject spectra = new JsonObject();
        JsonObject erank = new JsonObject();
        JsonObject energy = new JsonObject();
        JsonObject similarity = new JsonObject();
        JsonObject amplification = new JsonObject();
        for (LayerSpectra layer : run.spectra()) {
            JsonObject s = new JsonObject();
            s.addProperty("shape", layer.rows() + "x" + layer.cols());
            s.add("W", doubles(layer.weightSpectrum()));
            layer.deltaSpectra().forEach((variant, sigma) -> s.add(variant, doubles(sigma)));
            spectra.add(layer.path(), s);
            JsonObject e = new JsonObject();
            layer.effectiveRank().forEach(e::addProperty);
            erank.add(layer.path(), e);
            JsonObject en = new JsonObject();
            layer.energyRank90().forEach(en::addProperty);
            energy.add(layer.path(), en);
            JsonObject a = new JsonObject();
            layer.amplification().forEach(a::addProperty);
            amplification.add(layer.path(), a);
            JsonObject phi = new JsonObject();
            JsonArray labels = new JsonArray();
            layer.similarityLabels().forEach(labels::add);
            phi.add("labels", labels);
            JsonArray rows = new JsonArray();
            for (double[] row : layer.similarity()) {
                rows.add(doubles(row));
            }
            phi.add("phi", rows);
            similarity.add(layer.path(), phi);
        }
        root.add("spectra", spectra);
        root.add("effectiveRank", erank);
        root.add("energyRank90", energy);
        root.add("subspaceSimilarity", similarity);
        root.add("amplification", amplification);
        root.add("truncation", truncation(run.truncation()));
        root.add("forgetting", forgetting(run));
        if (!run.section7().isEmpty()) {
            root.add("section7", Section7Json.of(run.section7()));
        }
    }

    private static JsonObject integrity(IntegrityCertificate c) {
        JsonObject o = new JsonObject();
        o.addProperty("baseUnchanged", c.baseUnchanged());
        o.addProperty("changedTensors", c.changedTensors());
        o.addProperty("maxAbsDelta", c.maxAbsDelta());
        o.addProperty("mergedMaxOutputDelta", Double.isNaN(c.mergedMaxOutputDelta()) ? null : c.mergedMaxOutputDelta());
        o.addProperty("unmergeRestoresBase", c.unmergeRestoresBase());
        if (!Double.isNaN(c.principalReconstructionError())) {
            o.addProperty("principalReconstructionError", c.principalReconstructionError());
        }
        JsonArray tensors = new JsonArray();
        for (TensorCheck t : c.tensors()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", t.name());
            j.addProperty("kind", t.kind());
            j.addProperty("elements", t.elements());
            j.addProperty("sha256Before", t.sha256Before());
            j.addProperty("sha256After", t.sha256After());
            j.addProperty("maxAbsDelta", t.maxAbsDelta());
            tensors.add(j);
        }
        o.add("tensors", tensors);
        return o;
    }

    private static JsonObject truncation(TruncationCurve t) {
        if (t == null) {
            return null;
        }
        JsonObject o = new JsonObject();
        JsonArray k = new JsonArray();
        t.k().forEach(k::add);
        JsonArray m = new JsonArray();
        t.metric().forEach(m::add);
        o.add("k", k);
        o.add(t.metricName(), m);
        o.addProperty("fullFineTune", t.fullMetric());
        o.addProperty("rows", t.rows());
        o.addProperty("testRows", t.testRows());
        return o;
    }

    private static JsonObject forgetting(RunResult run) {
        if (run.base().evaluation().isRegression()) {
            return null;
        }
        JsonObject o = new JsonObject();
        o.addProperty("replay", run.plan().finetune().replay());
        JsonArray targets = new JsonArray();
        run.targetClasses().forEach(targets::add);
        o.add("targetClasses", targets);
        JsonObject variants = new JsonObject();
        for (VariantResult v : run.variants()) {
            GainForgetting g = GainForgetting.of(
                    run.base().evaluation().classErrors(), v.evaluation().classErrors(), run.targetClasses());
            JsonObject j = new JsonObject();
            JsonArray delta = new JsonArray();
            g.deltaErrors().forEach(delta::add);
            j.add("deltaErrors", delta);
            j.addProperty("gain", g.gain());
            j.addProperty("forgetting", g.forgetting());
            variants.add(v.spec().name(), j);
        }
        o.add("variants", variants);
        return o;
    }

    private static JsonArray doubles(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(Math.round(v * 1e6) / 1e6);
        }
        return a;
    }
}
