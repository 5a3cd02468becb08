package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.analysis.AdapterCombination;
import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.CombinationType;
import dev.lorabench.analysis.CombinedAdapter;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.data.DataException;
import dev.lorabench.interop.PeftFactors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AdapterAlgebraService} on a real run (LoRA r = 2 and 4, DoRA r = 2): a single source is
 * the variant itself, strength 0 is the base, cat adds the ΔW's exactly (checked against a hand
 * sum and a hand-stacked adapter), an adapter minus itself is the base, DoRA is refused in one
 * line, and the export reads back as the same adapter with its combination.json.
 */
class AdapterAlgebraServiceTest {

    private static RunResult run;
    private static RunArtifacts artifacts;

    @TempDir Path tmp;

    @BeforeAll
    static void train() throws RunFailure {
        run = AlgebraRuns.shared();
        artifacts = run.artifacts();
    }

    private static AlgebraSource source(String name) {
        return AlgebraSources.variant(artifacts, name);
    }

    private static Evaluation variantEvaluation(String name) {
        return run.variants().stream().filter(v -> v.spec().name().equals(name)).findFirst().orElseThrow().evaluation();
    }

    @Test
    void theRunOffersItsLoraVariantsAndListsDoraWithTheReason() {
        List<AlgebraSource> sources = AlgebraSources.of(artifacts);
        assertEquals(List.of("lora-r2", "dora-r2", "lora-r4"), sources.stream().map(AlgebraSource::name).toList(),
                "the run's order: by rank, then method");
        assertTrue(sources.get(0).combinable() && sources.get(2).combinable());
        assertFalse(sources.get(1).combinable());
        assertEquals(AlgebraSources.DORA, sources.get(1).refusal());
    }

    @Test
    void oneSourceAtWeightOneIsThatVariant() {
        AlgebraResult r = AdapterAlgebraService.run(artifacts, List.of(source("lora-r4")),
                AdapterCombination.builder(CombinationType.LINEAR).setWeights(1).build(), OptionalLong.empty(), 1);
        Evaluation own = variantEvaluation("lora-r4");
        assertEquals(own.predicted(), r.evaluation().predicted());
        assertEquals(own.classErrors(), r.evaluation().classErrors());
        assertEquals(run.base().evaluation().classErrors(), r.base().classErrors(), "the base as the run evaluated it");
    }

    @Test
    void strengthZeroIsTheBaseAndStrengthScalesLikeTheWeight() {
        AlgebraSource lora = source("lora-r4");
        AdapterCombination linear = AdapterCombination.builder(CombinationType.LINEAR).setWeights(1).build();
        CombinedAdapter c = AdapterAlgebraService.combine(List.of(lora), linear);
        Evaluation zero = AdapterAlgebraService.evaluate(artifacts, c, 0);
        Evaluation off = RunInspector.evaluate(artifacts, "lora-r4", AdapterMode.OFF);
        assertEquals(off.predicted(), zero.predicted());
        assertNotEquals(off.predicted(), variantEvaluation("lora-r4").predicted(),
                "the adapter changes some predictions, so the comparisons have teeth");
        // Weight 2 at strength 0.5 is weight 1 at strength 1: ΔW = 0.5 · 2 · s·B·A.
        CombinedAdapter doubled = AdapterAlgebraService.combine(List.of(lora),
                AdapterCombination.builder(CombinationType.LINEAR).setWeights(2).build());
        assertEquals(variantEvaluation("lora-r4").predicted(),
                AdapterAlgebraService.evaluate(artifacts, doubled, 0.5).predicted());
    }

    @Test
    void catAddsTheDeltasExactly() {
        AlgebraSource a = source("lora-r2");
        AlgebraSource b = source("lora-r4");
        CombinedAdapter cat = AdapterAlgebraService.combine(List.of(a, b),
                AdapterCombination.builder(CombinationType.CAT).setWeights(1, 1).build());
        Map<String, LoraFactors> stacked = new LinkedHashMap<>();
        for (String module : a.adapter().layers().keySet()) {
            LoraFactors fa = a.adapter().layers().get(module);
            LoraFactors fb = b.adapter().layers().get(module);
            Matrix sum = fa.delta().plus(fb.delta()); // s₁B₁A₁ + s₂B₂A₂ by hand
            assertTrue(cat.adapter().layers().get(module).delta().maxAbsDifference(sum) < 1e-9, module);
            stacked.put(module, stack(fa, fb));
        }
        assertEquals(6, cat.adapter().rank());
        Evaluation viaCat = AdapterAlgebraService.evaluate(artifacts, cat, 1);
        Evaluation byHand = RunInspector.evaluateAdapter(artifacts, AdapterFactors.of(stacked));
        assertEquals(byHand.predicted(), viaCat.predicted());
        assertNotEquals(variantEvaluation("lora-r2").predicted(), viaCat.predicted());
    }

    @Test
    void svdAtTheSummedRankKeepsPeftsWeightedSumOnEveryLayer() {
        // PEFT's SVD route merges wᵢ·sᵢ·ΔWᵢ (sᵢ counted twice, ADR 0026); at rank 2 + 4 nothing is
        // truncated. EJML's SVD does not converge on the 1000×784 layer's merged ΔW (778 zero
        // singular values): this is the fallback through the Gram matrix.
        AlgebraSource a = source("lora-r2");
        AlgebraSource b = source("lora-r4");
        CombinedAdapter svd = AdapterAlgebraService.combine(List.of(a, b),
                AdapterCombination.builder(CombinationType.SVD).setWeights(1, -0.5).optSvdRank(6).build());
        for (String module : a.adapter().layers().keySet()) {
            LoraFactors fa = a.adapter().layers().get(module);
            LoraFactors fb = b.adapter().layers().get(module);
            Matrix expected = fa.delta().scale(fa.scale()).plus(fb.delta().scale(-0.5 * fb.scale()));
            double size = expected.maxAbsDifference(Matrix.zeros(expected.rows(), expected.cols()));
            double diff = svd.adapter().layers().get(module).delta().maxAbsDifference(expected);
            assertTrue(diff <= 1e-8 * size, module + ": " + diff + " of " + size);
        }
    }

    @Test
    void anAdapterMinusItselfIsTheBase() {
        AlgebraSource a = source("lora-r4");
        CombinedAdapter none = AdapterAlgebraService.combine(List.of(a, a),
                AdapterCombination.builder(CombinationType.CAT).setWeights(1, -1).build());
        assertEquals(RunInspector.evaluate(artifacts, "lora-r4", AdapterMode.OFF).predicted(),
                AdapterAlgebraService.evaluate(artifacts, none, 1).predicted());
    }

    @Test
    void doraIsRefusedInOneLine() {
        AlgebraSource dora = AlgebraSources.of(artifacts).stream().filter(s -> s.name().equals("dora-r2")).findFirst()
                .orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdapterAlgebraService.combine(
                List.of(source("lora-r2"), dora), AdapterCombination.builder(CombinationType.CAT).setWeights(1, 1).build()));
        assertEquals("dora-r2: " + AlgebraSources.DORA, e.getMessage());
        IllegalArgumentException byName = assertThrows(IllegalArgumentException.class,
                () -> AlgebraSources.variant(artifacts, "dora-r2"));
        assertFalse(byName.getMessage().contains("\n"));
    }

    @Test
    void theExportReadsBackAsTheCombinationAndRecordsItsErrors() throws Exception {
        // DARE on the factor route (one rank: the same variant twice), so the masks are saved too.
        AlgebraSource a = source("lora-r4");
        AdapterCombination how = AlgebraOptions.DEFAULTS.combination(CombinationType.DARE_TIES, 1, -0.5);
        AlgebraResult r = AdapterAlgebraService.run(artifacts, List.of(a, a), how, OptionalLong.of(0), 1.5);
        Path dir = tmp.resolve("combined");
        AdapterAlgebraService.export(artifacts, r, dir);
        AlgebraSource back = AlgebraSources.load(artifacts, dir);
        for (Map.Entry<String, LoraFactors> e : r.adapter().layers().entrySet()) {
            double diff = back.adapter().layers().get(e.getKey()).delta().maxAbsDifference(e.getValue().delta());
            assertTrue(diff < 1e-4, e.getKey() + ": " + diff);
        }
        assertEquals(r.evaluation().predicted(), RunInspector.evaluateAdapter(artifacts, back.adapter()).predicted());
        assertTrue(Files.isRegularFile(dir.resolve(PeftFactors.MASKS)));
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve(AdapterAlgebraService.JSON)))
                .getAsJsonObject();
        assertEquals("dare_ties", json.get("type").getAsString());
        assertEquals(0.5, json.get("density").getAsDouble());
        assertEquals("total", json.get("signElection").getAsString());
        assertEquals(1.5, json.get("strength").getAsDouble());
        assertEquals(-0.5, json.getAsJsonArray("sources").get(1).getAsJsonObject().get("weight").getAsDouble());
        assertEquals(r.evaluation().totalErrors(), json.getAsJsonObject("combined").get("errors").getAsInt());
        assertEquals(run.base().evaluation().classErrors().get(3),
                json.getAsJsonObject("base").getAsJsonArray("classErrors").get(3).getAsInt());
    }

    @Test
    void aFolderOfAnotherModelIsRefusedInOneLine() throws Exception {
        Path dir = tmp.resolve("other");
        LoraFactors f = new LoraFactors(Matrix.zeros(1, 3), Matrix.zeros(2, 1), 1);
        PeftFactors.save(dir, AdapterFactors.of(Map.of("nowhere", f)),
                Map.of("nowhere", new PeftFactors.ModuleShape(new long[] {1, 3}, new long[] {2, 1})), Map.of());
        DataException e = assertThrows(DataException.class, () -> AlgebraSources.load(artifacts, dir));
        assertTrue(e.getMessage().contains("nowhere is not adapted in this run"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** [A₁; A₂] with each scale folded in, and [B₁, B₂]: s₁B₁A₁ + s₂B₂A₂ as one adapter of scale 1. */
    private static LoraFactors stack(LoraFactors x, LoraFactors y) {
        int cols = x.a().cols();
        int rank = x.rank() + y.rank();
        double[] a = new double[rank * cols];
        for (int r = 0; r < x.rank(); r++) {
            for (int c = 0; c < cols; c++) {
                a[r * cols + c] = x.scale() * x.a().get(r, c);
            }
        }
        for (int r = 0; r < y.rank(); r++) {
            for (int c = 0; c < cols; c++) {
                a[(x.rank() + r) * cols + c] = y.scale() * y.a().get(r, c);
            }
        }
        int rows = x.b().rows();
        double[] b = new double[rows * rank];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < x.rank(); k++) {
                b[r * rank + k] = x.b().get(r, k);
            }
            for (int k = 0; k < y.rank(); k++) {
                b[r * rank + x.rank() + k] = y.b().get(r, k);
            }
        }
        return new LoraFactors(Matrix.of(rank, cols, a), Matrix.of(rows, rank, b), 1);
    }
}
