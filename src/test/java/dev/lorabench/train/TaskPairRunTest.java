package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.CombinationType;
import dev.lorabench.analysis.AdapterCombination;
import dev.lorabench.analysis.CombinedAdapter;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.PlanField;
import dev.lorabench.report.RunJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with companion classes (ADR 0029) on the committed MNIST subset: its companion adapters
 * are what an ordinary run fine-tuned on those classes from the same base (loaded from the first
 * run's bytes) trains, and its combinations are what hand-built factors give on the same base.
 */
class TaskPairRunTest {

    private static final List<Integer> MAIN = List.of(3, 6, 8);
    private static final List<Integer> COMPANION = List.of(1, 7);

    @TempDir
    static Path tmp;

    private static RunResult pair;
    private static RunResult plain;

    /** Two plain LoRA ranks (one lockstep pass each) and DoRA, which a task pair leaves out. */
    private static ExperimentPlan.Builder plan() {
        return SmallRuns.mlp().setVariants("lora:2,lora:4,dora:2").setTrainLimit(600).setFinetuneSteps(12).setLr(1e-2f);
    }

    @BeforeAll
    static void train() throws Exception {
        // Without the ΔW lab, which no test here looks at (its SVDs of W cost ~3.5 s a run).
        ExperimentRunner runner = new ExperimentRunner(SmallRuns.MNIST_SMALL).withoutDeltaWLab();
        pair = runner.run(plan().setFinetuneClasses(ClassSelection.of(MAIN))
                .optCompanionClasses(ClassSelection.of(COMPANION)).build(), new RecordingListener(), new AtomicBoolean());
        // The independent path: an ordinary run whose fine-tune classes are the companion classes,
        // on the same base bytes.
        Path base = tmp.resolve("base.params");
        Files.write(base, pair.artifacts().baseParameters());
        plain = runner.run(plan().setFinetuneClasses(ClassSelection.of(COMPANION)).optBaseFile(base).setBaseEpochs(0)
                .build(), new RecordingListener(), new AtomicBoolean());
    }

    private static LoraVariant lora(int rank) {
        return pair.artifacts().loraVariant("lora-r" + rank);
    }

    private static TaskPair.Member member(int rank, String name) {
        TaskPair.VariantPair v = pair.taskPair().variants().stream()
                .filter(p -> p.variant().name().equals("lora-r" + rank)).findFirst().orElseThrow();
        return v.members().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theCompanionAdaptersAreWhatARunOnTheCompanionClassesTrains() {
        assertEquals(List.of(lora(2), lora(4)), List.copyOf(pair.artifacts().companionFactors().keySet()),
                "the plain LoRA variants, not DoRA");
        for (int rank : List.of(2, 4)) {
            Map<String, LoraFactors> companion = pair.artifacts().companionFactors().get(lora(rank));
            Map<String, LoraFactors> own = plain.artifacts().factors().get(plain.artifacts().loraVariant("lora-r" + rank));
            assertEquals(own.keySet(), companion.keySet());
            // The same steps on the same rows; not bit for bit, since the ordinary run's pass also
            // steps DoRA beside the stack on a second engine thread (float sums may round apart):
            // equal to 1e-4 of the largest entry, where the two tasks' adapters differ by their size.
            own.forEach((layer, f) -> {
                double aSize = f.a().maxAbsDifference(Matrix.zeros(f.a().rows(), f.a().cols()));
                double bSize = f.b().maxAbsDifference(Matrix.zeros(f.b().rows(), f.b().cols()));
                assertEquals(0, f.a().maxAbsDifference(companion.get(layer).a()), 1e-4 * aSize, "A of " + layer);
                assertEquals(0, f.b().maxAbsDifference(companion.get(layer).b()), 1e-4 * bSize, "B of " + layer);
                assertEquals(f.scale(), companion.get(layer).scale());
            });
            Evaluation b = member(rank, "B").evaluation();
            Evaluation ordinary = plain.variants().stream().filter(v -> v.spec().name().equals("lora-r" + rank))
                    .findFirst().orElseThrow().evaluation();
            assertEquals(ordinary.predicted(), b.predicted());
            assertEquals(ordinary.classErrors(), b.classErrors());
            // And the companion adapter is not the run's own: the two tasks differ.
            String first = companion.keySet().iterator().next();
            Matrix mainB = pair.artifacts().factors().get(lora(rank)).get(first).b();
            assertTrue(mainB.maxAbsDifference(companion.get(first).b())
                    > 0.1 * mainB.maxAbsDifference(Matrix.zeros(mainB.rows(), mainB.cols())));
        }
    }

    @Test
    void catIsTheExactSumAndLinearHasPeftsCrossTerms() {
        for (int rank : List.of(2, 4)) {
            AdapterFactors a = RunInspector.adapterOf(pair.artifacts(), lora(rank));
            AdapterFactors b = RunInspector.companionOf(pair.artifacts(), lora(rank));
            Map<String, LoraFactors> stacked = new LinkedHashMap<>();
            Map<String, LoraFactors> crossed = new LinkedHashMap<>();
            a.layers().forEach((m, fa) -> {
                LoraFactors fb = b.layers().get(m);
                // cat by hand: ΔW_A + ΔW_B = [s·B_A, s·B_B]·[A_A; A_B].
                stacked.put(m, new LoraFactors(rowsOf(fa.a(), fb.a()), rowsOf(fa.b().transpose().scale(fa.scale()),
                        fb.b().transpose().scale(fb.scale())).transpose(), 1));
                // linear with weights 1, 1 by hand: s·(B_A + B_B)·(A_A + A_B), cross terms included.
                crossed.put(m, new LoraFactors(fa.a().plus(fb.a()), fa.b().plus(fb.b()), fa.scale()));
            });
            Evaluation cat = member(rank, "cat").evaluation();
            Evaluation byHand = RunInspector.evaluateAdapter(pair.artifacts(), AdapterFactors.of(stacked));
            assertEquals(byHand.predicted(), cat.predicted());
            assertEquals(2 * rank, member(rank, "cat").rank());
            Evaluation linear = member(rank, "linear").evaluation();
            assertEquals(RunInspector.evaluateAdapter(pair.artifacts(), AdapterFactors.of(crossed)).predicted(),
                    linear.predicted());
            assertEquals(rank, member(rank, "svd").rank());
            assertNull(member(rank, "ties").refused());
        }
        assertNotEquals(member(4, "cat").evaluation().predicted(), member(4, "linear").evaluation().predicted(),
                "the cross terms change predictions, so the two checks above are different checks");
    }

    @Test
    void theAlgebraOffersTheCompanionAdaptersAndCombinesThemAsTheTaskPairDid() {
        List<AlgebraSource> sources = AlgebraSources.of(pair.artifacts());
        AlgebraSource main = AlgebraSources.variant(pair.artifacts(), "lora-r4");
        AlgebraSource companion = AlgebraSources.variant(pair.artifacts(), "lora-r4 on " + ClassSelection.of(COMPANION));
        assertTrue(sources.contains(companion), sources.toString());
        assertEquals(RunInspector.companionOf(pair.artifacts(), lora(4)), companion.adapter());
        CombinedAdapter cat = AdapterAlgebraService.combine(List.of(main, companion),
                AdapterCombination.builder(CombinationType.CAT).setWeights(1, 1).build());
        assertEquals(member(4, "cat").evaluation().predicted(),
                AdapterAlgebraService.evaluate(pair.artifacts(), cat, 1).predicted());
    }

    @Test
    void anAdapterAboveALayersSideIsEvaluatedAsTheSameDeltaW() {
        // Rank 4 stacked three times with B / 3: rank 12 on the 10-output head (as cat of two rank-8
        // adapters is), the same ΔW as the adapter itself, so the variant's own predictions.
        AdapterFactors own = RunInspector.adapterOf(pair.artifacts(), lora(4));
        Map<String, LoraFactors> thrice = new LinkedHashMap<>();
        own.layers().forEach((m, f) -> {
            Matrix b3 = f.b().transpose().scale(1.0 / 3);
            thrice.put(m, new LoraFactors(rowsOf(rowsOf(f.a(), f.a()), f.a()), rowsOf(rowsOf(b3, b3), b3).transpose(),
                    f.scale()));
        });
        assertTrue(thrice.values().stream().anyMatch(f -> f.rank() > f.b().rows()), "some layer is over its side");
        assertEquals(member(4, "A").evaluation().predicted(),
                RunInspector.evaluateAdapter(pair.artifacts(), AdapterFactors.of(thrice)).predicted());
    }

    @Test
    void theMainAdapterIsTheVariantsOwnFineTune() {
        for (int rank : List.of(2, 4)) {
            VariantResult own = pair.variants().stream().filter(v -> v.spec().name().equals("lora-r" + rank))
                    .findFirst().orElseThrow();
            assertEquals(own.evaluation().predicted(), member(rank, "A").evaluation().predicted());
        }
        assertEquals(List.of("A", "B", "linear", "cat", "svd", "ties"),
                pair.taskPair().variants().get(0).members().stream().map(TaskPair.Member::name).toList());
    }

    @Test
    void runJsonHasTheTaskPairWithErrorsSplitByTask() {
        JsonObject tp = RunJson.toTree(pair).getAsJsonObject("taskPair");
        assertEquals("[3,6,8]", tp.get("mainClasses").toString());
        assertEquals("[1,7]", tp.get("companionClasses").toString());
        JsonArray variants = tp.getAsJsonArray("variants");
        assertEquals(2, variants.size());
        assertEquals("lora-r2", variants.get(0).getAsJsonObject().get("variant").getAsString());
        for (var v : variants) {
            JsonArray adapters = v.getAsJsonObject().getAsJsonArray("adapters");
            assertEquals(6, adapters.size());
            for (var x : adapters) {
                JsonObject o = x.getAsJsonObject();
                JsonArray perClass = o.getAsJsonArray("classErrors");
                int main = 0;
                int companion = 0;
                int all = 0;
                for (int c = 0; c < perClass.size(); c++) {
                    int e = perClass.get(c).getAsInt();
                    all += e;
                    main += MAIN.contains(c) ? e : 0;
                    companion += COMPANION.contains(c) ? e : 0;
                }
                assertEquals(all, o.get("errors").getAsInt());
                assertEquals(main, o.get("mainErrors").getAsInt());
                assertEquals(companion, o.get("companionErrors").getAsInt());
                assertEquals(all - main - companion, o.get("restErrors").getAsInt());
            }
        }
        assertFalse(RunJson.toTree(plain).has("taskPair"), "a run without companion classes has none");
        assertEquals("1,7", RunJson.toTree(pair).getAsJsonObject("config").get("companionClasses").getAsString());
    }

    @Test
    void aCompanionClassThatIsAlsoAFineTuneClassIsRefusedNamingBoth() {
        PlanException e = assertThrows(PlanException.class, () -> ExperimentPlan.builder()
                .setFinetuneClasses(ClassSelection.of(MAIN)).optCompanionClasses(ClassSelection.of(List.of(1, 8))).build());
        assertEquals(PlanField.COMPANION_CLASSES, e.field());
        assertEquals("companion classes must not overlap the fine-tune classes 3,6,8 but was 1,8 (both hold 8)",
                e.getMessage());
        PlanException worst = assertThrows(PlanException.class,
                () -> PlanField.COMPANION_CLASSES.apply(ExperimentPlan.builder(), "worst"));
        assertEquals("companion classes must be numbers like 1,7 but was worst", worst.getMessage());
        PlanException range = assertThrows(PlanException.class, () -> new ExperimentRunner(SmallRuns.MNIST_SMALL)
                .execute(plan().optCompanionClasses(ClassSelection.of(List.of(12))).build(), e2 -> { },
                        new AtomicBoolean(), BaseCache.off()));
        assertEquals("companion class must be in 0..9 but was 12", range.getMessage());
        assertTrue(ExperimentPlan.builder().optCompanionClasses(null).build().finetune().companion().isEmpty());
    }

    /** {@code top} above {@code bottom}. */
    private static Matrix rowsOf(Matrix top, Matrix bottom) {
        double[] v = new double[(top.rows() + bottom.rows()) * top.cols()];
        System.arraycopy(top.values(), 0, v, 0, top.values().length);
        System.arraycopy(bottom.values(), 0, v, top.values().length, bottom.values().length);
        return Matrix.of(top.rows() + bottom.rows(), top.cols(), v);
    }
}
