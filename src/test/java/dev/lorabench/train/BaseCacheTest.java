package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.data.DataException;
import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Presets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base cache (ADR 0025) on real runs over the committed MNIST subset, in a temporary cache root. */
class BaseCacheTest {

    private static final RunEnvironment ENV = new RunEnvironment("0.1.0", "0.35.1", "PyTorch", "2.7.1", 2, "17");

    @TempDir Path tmp;

    /** Without the ΔW lab, which no test here looks at (its SVDs of W cost ~3.5 s an MLP run). */
    private final ExperimentRunner runner = new ExperimentRunner(SmallRuns.MNIST_SMALL).withoutDeltaWLab();

    /** Two LoRA ranks, few steps, no full fine-tune (its ΔW analysis is the slow part): the base is what is looked at. */
    private static ExperimentPlan.Builder small() {
        return SmallRuns.mlp().setTrainLimit(300).setTestLimit(100).setBatchSize(50).setRanks(List.of(1, 2)).setFull(false);
    }

    /** The 10→5 linear model on synthetic data: a base in milliseconds, for the cache's bookkeeping. */
    private static ExperimentPlan.Builder toy() {
        return Presets.get("toy-regression").setBaseEpochs(5).setFinetuneEpochs(1);
    }

    private RunResult run(ExperimentPlan plan, BaseCache cache, RecordingListener events) throws RunFailure {
        return runner.run(plan, events, new AtomicBoolean(), cache);
    }

    @Test
    void aSecondRunReusesTheBaseBitForBitAndSoDoesNothingElse() throws Exception {
        BaseCache cache = BaseCache.under(tmp);
        ExperimentPlan plan = small().build();
        RecordingListener trained = new RecordingListener();
        RunResult first = run(plan, cache, trained);
        RecordingListener again = new RecordingListener();
        RunResult second = run(plan, cache, again);
        RunResult uncached = run(plan, BaseCache.off(), new RecordingListener());

        assertFalse(first.base().fromCache());
        assertTrue(second.base().fromCache());
        assertFalse(uncached.base().fromCache());
        assertEquals(64, first.base().cacheKey().length());
        assertEquals(first.base().cacheKey(), second.base().cacheKey());
        assertNull(uncached.base().cacheKey(), "no key without the cache");
        assertTrue(Files.isRegularFile(tmp.resolve("bases").resolve(first.base().cacheKey()).resolve("base.params")));

        for (RunResult other : List.of(second, uncached)) {
            assertEquals(first.base().sha256(), other.base().sha256());
            assertEquals(first.base().losses(), other.base().losses(), "the base's training curve comes with it");
            assertEquals(first.base().evaluation(), other.base().evaluation());
            assertEquals(first.targetClasses(), other.targetClasses());
            assertEquals(first.variants().size(), other.variants().size());
            for (int i = 0; i < first.variants().size(); i++) {
                VariantResult a = first.variants().get(i);
                VariantResult b = other.variants().get(i);
                assertEquals(a.losses(), b.losses(), a.spec().name() + " fine-tunes exactly as from a trained base");
                assertEquals(a.evaluation(), b.evaluation(), a.spec().name());
                assertEquals(a.baseSha256After(), b.baseSha256After(), a.spec().name());
            }
        }
        // The reuse says so, replays the recorded curve, and trains no base step.
        List<String> phases = again.of(TrainingEvent.PhaseStarted.class).stream().map(TrainingEvent.PhaseStarted::phase).toList();
        assertTrue(phases.contains("base from cache"), phases::toString);
        assertFalse(phases.contains("training base"), phases::toString);
        List<TrainingEvent.StepLoss> baseSteps = again.of(TrainingEvent.StepLoss.class).stream()
                .filter(s -> s.variant().equals("base")).toList();
        assertEquals(first.base().losses().size(), baseSteps.size());
        assertEquals(first.base().losses().get(0).loss(), baseSteps.get(0).loss());
        // Progress counts the steps taken: the fine-tunes' only.
        assertEquals(trained.of(TrainingEvent.Progress.class).size() - first.base().losses().size(),
                again.of(TrainingEvent.Progress.class).size());
        assertEquals(again.of(TrainingEvent.RunStarted.class).get(0).totalSteps() + first.base().losses().size(),
                trained.of(TrainingEvent.RunStarted.class).get(0).totalSteps());
        assertTrue(again.of(TrainingEvent.Warning.class).isEmpty());
    }

    @Test
    void theKeyFollowsWhatShapesTheBaseAndNothingElse() throws DataException {
        ExperimentPlan plan = small().build();
        String key = key(plan);
        // Each of these changes the trained base.
        List<ExperimentPlan> other = List.of(
                small().setSeed(7).build(),
                small().setBaseEpochs(2).build(),
                small().setLr(2e-3f).build(),
                small().setBatchSize(25).build(),
                small().setTrainLimit(301).build());
        List<String> keys = new ArrayList<>();
        for (ExperimentPlan p : other) {
            keys.add(key(p));
        }
        assertEquals(other.size(), keys.stream().distinct().count(), keys::toString);
        assertFalse(keys.contains(key), keys::toString);
        assertNotEquals(key, BaseRecipe.of(plan, data(plan), FitOptions.defaults(),
                new RunEnvironment("0.2.0", "0.35.1", "PyTorch", "2.7.1", 2, "17")).key(), "another lorabench version");
        assertNotEquals(key, BaseRecipe.of(plan, data(plan), FitOptions.defaults().withOptimizer(FitOptions.Optimizer.DJL),
                ENV).key(), "another optimizer");
        // These only change the fine-tune or its evaluation.
        for (ExperimentPlan same : List.of(
                small().setTestLimit(50).build(),
                small().setFinetuneSteps(9).setFinetuneEpochs(2).build(),
                small().setRanks(List.of(2, 4)).setFull(false).setAlpha(8f).build(),
                small().setFinetuneClasses(ClassSelection.of(List.of(3, 5))).setReplay(0.2).build())) {
            assertEquals(key, key(same), same::toString);
        }
        // A loaded base is its own file: nothing to cache.
        assertNull(BaseRecipe.of(small().optBaseFile(tmp.resolve("base.params")).build(), data(plan),
                FitOptions.defaults(), ENV));
    }

    @Test
    void theKeyIsTheSha256OfTheCanonicalRecipeFile() throws Exception {
        BaseCache cache = BaseCache.under(tmp);
        RunResult run = run(toy().build(), cache, new RecordingListener());
        Path entry = tmp.resolve("bases").resolve(run.base().cacheKey());
        byte[] recipe = Files.readAllBytes(entry.resolve("recipe.json"));
        assertEquals(run.base().cacheKey(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(recipe)));
        JsonObject o = JsonParser.parseString(new String(recipe, StandardCharsets.UTF_8)).getAsJsonObject();
        List<String> names = new ArrayList<>(o.keySet());
        assertEquals(names.stream().sorted().toList(), names, "fields sorted");
        assertEquals(42, o.get("seed").getAsInt());
        assertEquals(5, o.get("epochs").getAsInt());
        assertEquals("linear", o.get("architecture").getAsString());
        assertEquals("synthetic", o.get("dataset").getAsString());
        assertTrue(o.get("regression").getAsBoolean());
        assertFalse(o.has("testLimit") || o.has("ranks"), o::toString);
        JsonObject meta = JsonParser.parseString(Files.readString(entry.resolve("entry.json"))).getAsJsonObject();
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(entry.resolve("base.params")))), meta.get("parametersSha256").getAsString());
        assertEquals(run.base().sha256(), meta.get("tensorsSha256").getAsString());
    }

    @Test
    void aDamagedEntryIsTrainedAgainWithAWarningAndReplaced() throws Exception {
        BaseCache cache = BaseCache.under(tmp);
        ExperimentPlan plan = toy().build();
        RecordingListener plain = new RecordingListener();
        RunResult first = run(plan, cache, plain);
        Path entry = tmp.resolve("bases").resolve(first.base().cacheKey());

        // One flipped bit in a weight: the parameters' SHA-256 no longer matches.
        Path params = entry.resolve("base.params");
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 1;
        Files.write(params, bytes);
        assertRetrainedLike(first, plain, plan, cache, "SHA-256");

        // A recorded tensor digest the parameters do not load to: caught after loading, from a fresh draw.
        Path meta = entry.resolve("entry.json");
        Files.writeString(meta, Files.readString(meta).replace(first.base().sha256(), "0".repeat(64)));
        assertRetrainedLike(first, plain, plan, cache, "load to tensors");

        // An entry that is not JSON at all.
        Files.writeString(meta, "{not json");
        assertRetrainedLike(first, plain, plan, cache, "unusable");
        assertTrue(run(plan, cache, new RecordingListener()).base().fromCache(), "the entry was replaced");
    }

    /** The run warns once, trains the same base as {@code first} and fine-tunes from it as {@code first} did. */
    private void assertRetrainedLike(RunResult first, RecordingListener plainRun, ExperimentPlan plan, BaseCache cache,
            String why) throws Exception {
        RecordingListener events = new RecordingListener();
        RunResult retrained = run(plan, cache, events);
        List<TrainingEvent.Warning> warnings = events.of(TrainingEvent.Warning.class);
        assertEquals(1, warnings.size(), events.events::toString);
        assertTrue(warnings.get(0).message().contains(why) && warnings.get(0).message().contains("training the base again"),
                warnings.get(0).message());
        assertFalse(retrained.base().fromCache());
        assertEquals(first.base().sha256(), retrained.base().sha256());
        assertEquals(lastProgress(plainRun), lastProgress(events), "the base's steps are back in the total");
        for (int i = 0; i < first.variants().size(); i++) {
            assertEquals(first.variants().get(i).losses(), retrained.variants().get(i).losses());
        }
    }

    @Test
    void listAndClearSeeEveryEntry() throws Exception {
        BaseCache cache = BaseCache.under(tmp);
        assertTrue(cache.list().isEmpty());
        run(toy().build(), cache, new RecordingListener());
        run(toy().setSeed(7).build(), cache, new RecordingListener());
        List<BaseCache.Entry> entries = cache.list();
        assertEquals(2, entries.size());
        assertEquals(List.of(7L, 42L), entries.stream().map(BaseCache.Entry::seed).sorted().toList());
        for (BaseCache.Entry e : entries) {
            assertEquals("linear", e.architecture());
            assertEquals("synthetic", e.dataset());
            assertEquals(5, e.epochs());
            assertNull(e.problem());
            long files = 0;
            for (String name : List.of("recipe.json", "base.params", "entry.json")) {
                files += Files.size(tmp.resolve("bases").resolve(e.key()).resolve(name));
            }
            assertEquals(files, e.bytes());
        }
        BaseCache.Cleared cleared = cache.clear();
        assertEquals(2, cleared.entries());
        assertEquals(entries.stream().mapToLong(BaseCache.Entry::bytes).sum(), cleared.bytes());
        assertTrue(cache.list().isEmpty());
    }

    /** Steps done and counted at the run's end. */
    private static List<Long> lastProgress(RecordingListener events) {
        List<TrainingEvent.Progress> progress = events.of(TrainingEvent.Progress.class);
        TrainingEvent.Progress last = progress.get(progress.size() - 1);
        return List.of(last.doneSteps(), last.totalSteps());
    }

    private static TaskData data(ExperimentPlan plan) throws DataException {
        return TaskDataLoader.load(plan, SmallRuns.MNIST_SMALL);
    }

    private static String key(ExperimentPlan plan) throws DataException {
        return BaseRecipe.of(plan, data(plan), FitOptions.defaults(), ENV).key();
    }
}
