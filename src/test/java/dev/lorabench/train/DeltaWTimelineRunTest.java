package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.analysis.DeltaWTimeline;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.LayerTimeline;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.SpectrumSample;
import dev.lorabench.analysis.VariantTimeline;
import dev.lorabench.plan.LoraVariant;
import com.google.gson.JsonParser;
import dev.lorabench.report.RunJson;
import dev.lorabench.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ΔW over time on a real run (MNIST subset, 9 steps): samples at the trajectory's steps ending on
 * the trained adapter, run.json's field, and removing directions against the run's own base and
 * variant evaluations.
 */
class DeltaWTimelineRunTest {

    /**
     * LoRA r1 and r2 stacked, OLoRA r2 beside them (its ΔW is not 0 at step 0: the base's QR part;
     * PiSSA's would be its SVD part, at ~8 s more a run for the SVD of W); 9 steps. One run for
     * every test: the lab's SVDs of W make a run cost seconds. The bound's thinning is {@link
     * DeltaWSamplerTest}'s.
     */
    private static RunResult sampled;

    @BeforeAll
    static void run() throws Exception {
        sampled = new ExperimentRunner(SmallRuns.MNIST_SMALL).run(SmallRuns.mlp().setTrainLimit(400)
                .setVariants("lora:1,lora:2,olora:2").setFinetuneSteps(9).build(), e -> { }, new AtomicBoolean());
    }

    @Test
    void everyLoraVariantIsSampledAtItsTrajectoryStepsAndEndsOnItsTrainedAdapter() {
        DeltaWTimeline timeline = sampled.deltaWTimeline();
        assertEquals(List.of("lora-r1", "lora-r2", "olora-r2"), timeline.variants().stream().map(VariantTimeline::name).toList());
        for (VariantResult v : sampled.variants()) {
            VariantTimeline t = timeline.variant(v.spec().name());
            List<Integer> trajectorySteps = v.trajectory().stream().map(TrajectoryPoint::step).toList();
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), trajectorySteps, "9 steps: K = max(1, 9/20) = 1");
            assertEquals(List.of("0", "2", "4"), t.layers().stream().map(LayerTimeline::path).toList());
            for (LayerTimeline layer : t.layers()) {
                assertEquals(trajectorySteps, layer.steps(), v.spec().name() + " layer " + layer.path());
                LayerSpectra lab = sampled.spectra().stream().filter(s -> s.path().equals(layer.path())).findFirst().orElseThrow();
                SpectrumSample end = layer.last();
                // The last sample is the trained adapter the ΔW lab analysed: the same numbers, exactly.
                assertArrayEquals(lab.deltaSpectra().get(v.spec().name()), end.sigma(), 0.0);
                assertEquals(lab.effectiveRank().get(v.spec().name()), end.effectiveRank(), 0.0);
                assertEquals(lab.energyRank90().get(v.spec().name()), end.energyRank90());
                assertEquals(1, end.phiInput(), 1e-9);
                assertEquals(1, end.phiOutput(), 1e-9);
                for (SpectrumSample s : layer.samples()) {
                    assertTrue(s.size() <= ((LoraVariant) v.spec()).rank());
                }
                SpectrumSample start = layer.samples().get(0);
                if (v.spec().name().startsWith("lora")) {
                    assertEquals(0, start.size(), "B = 0 before the first step");
                    assertNotEquals(end.sigma(0), layer.samples().get(4).sigma(0), "ΔW grows while it trains");
                } else {
                    assertTrue(start.size() > 0, "OLoRA starts from W's QR part");
                }
            }
        }
    }

    @Test
    void runJsonCarriesTheTimelineAndItsOwnFileTheSingularValues() throws Exception {
        JsonObject summary = RunJson.toTree(sampled).getAsJsonObject("deltaWTimeline");
        Path dir = Files.createTempDirectory("timeline");
        List<Path> written = RunReport.write(sampled, dir);
        assertTrue(written.contains(dir.resolve(RunReport.DELTAW_TIMELINE_JSON)), written.toString());
        JsonObject file = JsonParser.parseString(Files.readString(dir.resolve(RunReport.DELTAW_TIMELINE_JSON))).getAsJsonObject();
        assertEquals("lorabench.deltaw-timeline/1", file.get("schema").getAsString());
        JsonObject variants = file.getAsJsonObject("variants");
        assertEquals(List.of("lora-r1", "lora-r2", "olora-r2"), List.copyOf(summary.keySet()));
        assertEquals(List.of("lora-r1", "lora-r2", "olora-r2"), List.copyOf(variants.keySet()));
        for (VariantTimeline v : sampled.deltaWTimeline().variants()) {
            for (LayerTimeline layer : v.layers()) {
                JsonObject l = summary.getAsJsonObject(v.name()).getAsJsonObject(layer.path());
                JsonObject f = variants.getAsJsonObject(v.name()).getAsJsonObject(layer.path());
                assertFalse(l.has("sigma"), "run.json leaves the singular values to the file");
                assertEquals(layer.rows() + "x" + layer.cols(), l.get("shape").getAsString());
                JsonArray steps = l.getAsJsonArray("steps");
                JsonArray sigma = f.getAsJsonArray("sigma");
                assertEquals(layer.samples().size(), steps.size());
                assertEquals(steps, f.getAsJsonArray("steps"));
                for (int i = 0; i < steps.size(); i++) {
                    SpectrumSample s = layer.samples().get(i);
                    assertEquals(s.step(), steps.get(i).getAsInt());
                    JsonArray values = sigma.get(i).getAsJsonArray();
                    assertEquals(s.size(), values.size());
                    for (int k = 0; k < s.size(); k++) {
                        // 4 significant digits: within half a unit of the 4th digit.
                        assertEquals(s.sigma(k), values.get(k).getAsDouble(), 5e-4 * s.sigma(k));
                    }
                    for (JsonObject o : List.of(l, f)) {
                        assertEquals(s.effectiveRank(), o.getAsJsonArray("effectiveRank").get(i).getAsDouble(), 5e-5);
                        assertEquals(s.energyRank90(), o.getAsJsonArray("energyRank90").get(i).getAsInt());
                        assertEquals(s.phiInput(), o.getAsJsonArray("phiInput").get(i).getAsDouble(), 5e-5);
                        assertEquals(s.phiOutput(), o.getAsJsonArray("phiOutput").get(i).getAsDouble(), 5e-5);
                    }
                }
            }
        }
    }

    @Test
    void removingEveryDirectionOfEveryLayerGivesTheBaseExactly() {
        LoraVariant variant = sampled.artifacts().loraVariant("lora-r2");
        Map<String, List<Integer>> all = new LinkedHashMap<>();
        for (String layer : List.of("0", "2", "4")) {
            all.put(layer, List.of(0, 1));
        }
        DirectionEffect effect = DirectionAblation.remove(sampled.artifacts(), variant, all);
        // Oracles: the run's own evaluations of the base and of the variant.
        assertEquals(sampled.base().evaluation().confusion(), effect.without().confusion());
        assertEquals(own(variant).evaluation().confusion(), effect.own().confusion());
        List<Integer> expected = new java.util.ArrayList<>();
        for (int c = 0; c < 10; c++) {
            expected.add(sampled.base().evaluation().classErrors().get(c) - own(variant).evaluation().classErrors().get(c));
        }
        assertEquals(expected, effect.deltaErrors());
    }

    @Test
    void removingFromAnUntrainedAdapterChangesNothingAndIsTheBase() {
        LoraVariant variant = sampled.artifacts().loraVariant("lora-r2");
        Map<String, LoraFactors> fresh = new LinkedHashMap<>();
        sampled.artifacts().factors().get(variant).forEach((path, f) ->
                fresh.put(path, new LoraFactors(f.a(), Matrix.zeros(f.b().rows(), f.b().cols()), f.scale())));
        RunArtifacts untrained = withFactors(variant, fresh);
        DirectionEffect effect = DirectionAblation.remove(untrained, variant, "2", 0);
        assertEquals(List.of(0.0), effect.removedSigma().get("2"));
        assertEquals(effect.own().confusion(), effect.without().confusion());
        assertEquals(sampled.base().evaluation().confusion(), effect.own().confusion(), "B = 0 adds nothing");
        assertTrue(effect.deltaErrors().stream().allMatch(d -> d == 0));
    }

    @Test
    void removingADirectionWithSigmaZeroChangesNothing() {
        LoraVariant variant = sampled.artifacts().loraVariant("lora-r2");
        Map<String, LoraFactors> rankOne = new LinkedHashMap<>(sampled.artifacts().factors().get(variant));
        LoraFactors f = rankOne.get("2");
        // Keep B's first column and A's first row: a rank-2 adapter whose second direction has σ = 0.
        Matrix b = Matrix.zeros(f.b().rows(), 2);
        Matrix a = Matrix.zeros(2, f.a().cols());
        double[] bv = b.values();
        double[] av = a.values();
        for (int r = 0; r < f.b().rows(); r++) {
            bv[r * 2] = f.b().get(r, 0);
        }
        for (int c = 0; c < f.a().cols(); c++) {
            av[c] = f.a().get(0, c);
        }
        rankOne.put("2", new LoraFactors(Matrix.of(2, f.a().cols(), av), Matrix.of(f.b().rows(), 2, bv), f.scale()));
        DirectionEffect effect = DirectionAblation.remove(withFactors(variant, rankOne), variant, "2", 1);
        assertEquals(List.of(0.0), effect.removedSigma().get("2"));
        assertEquals(effect.own().confusion(), effect.without().confusion());
        assertTrue(effect.deltaErrors().stream().allMatch(d -> d == 0));
    }

    private static VariantResult own(LoraVariant variant) {
        return sampled.variants().stream().filter(v -> v.spec().equals(variant)).findFirst().orElseThrow();
    }

    /** The run's artifacts with {@code factors} as the variant's trained adapter. */
    private static RunArtifacts withFactors(LoraVariant variant, Map<String, LoraFactors> factors) {
        RunArtifacts run = sampled.artifacts();
        return new RunArtifacts(run.plan(), run.spec(), run.baseParameters(), run.test(), run.testImages(),
                Map.of(variant, factors), run.baseWeights());
    }
}
