package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.lorabench.data.DataException;
import dev.lorabench.data.IdxReader;
import dev.lorabench.data.MnistSmall;
import dev.lorabench.data.TrainTest;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.PlanField;
import dev.lorabench.plan.Presets;
import dev.lorabench.report.RunJson;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The transfer preset on the committed subsets: the base learns MNIST (mnist-small), the
 * variants adapt it to Fashion-MNIST (fashion-small) and every "after" number is on Fashion's
 * test rows. The oracle for "trained on MNIST" is a plain MNIST run of the same seed: same base
 * bytes, same MNIST test result.
 */
@org.junit.jupiter.api.Tag("slow") // the default build skips it; ./mvnw -Pslow verify runs it
class TransferRunTest {

    private static final int TRAIN = 300;
    private static final int TEST = 150;

    private final List<String> requested = new ArrayList<>();
    private final DataSource source = dataset -> {
        requested.add(dataset);
        return switch (dataset) {
            case "mnist" -> MnistSmall.load();
            case "fashion-mnist" -> fashionSmall();
            default -> throw new DataException("no test data for " + dataset);
        };
    };

    @Test
    void presetTrainsTheBaseOnMnistAndTunesAndTestsOnFashion() throws Exception {
        ExperimentPlan plan = small(Presets.get("transfer-fashion")).build();
        assertEquals("mnist", plan.baseDataset().id());
        assertEquals("fashion-mnist", plan.dataset().id());

        RunResult transfer = run(plan);
        assertEquals(List.of("fashion-mnist", "mnist"), requested);

        // Oracle: the same recipe on MNIST alone trains bit-identical base weights, tested on MNIST.
        RunResult mnist = run(small(Presets.get("transfer-fashion")).setDataset("mnist").setBaseDataset("").build());
        assertNull(mnist.base().ownEvaluation(), "a run on one dataset has no second base test");
        assertEquals(mnist.base().sha256(), transfer.base().sha256(), "base trained on MNIST");
        Evaluation own = transfer.base().ownEvaluation();
        assertNotNull(own);
        assertEquals(mnist.base().evaluation().accuracy(), own.accuracy());
        assertEquals(mnist.base().evaluation().classErrors(), own.classErrors());

        // The "before" and every "after" count Fashion's test labels, read here on their own.
        List<Integer> fashionTest = counts(fashionSmall().test().limit(TEST).labels());
        assertEquals(fashionTest, transfer.base().evaluation().classCounts());
        for (VariantResult v : transfer.variants()) {
            assertEquals(fashionTest, v.evaluation().classCounts(), v.spec().name());
        }
        // All ten classes of Fashion's training rows are tuned on, not one "worst" class.
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), transfer.targetClasses());
        assertEquals(TRAIN, transfer.finetuneSamples());

        JsonObject json = RunJson.toTree(transfer);
        assertEquals("mnist", json.getAsJsonObject("config").get("baseDataset").getAsString());
        JsonObject base = json.getAsJsonObject("base");
        assertEquals("mnist", base.get("trainDataset").getAsString());
        assertEquals("fashion-mnist", base.get("testDataset").getAsString());
        assertEquals("mnist", base.getAsJsonObject("ownTest").get("testDataset").getAsString());
        assertEquals(own.accuracy(), base.getAsJsonObject("ownTest").get("accuracy").getAsDouble());
        assertEquals("fashion-mnist",
                json.getAsJsonArray("variants").get(0).getAsJsonObject().get("testDataset").getAsString());
    }

    @Test
    void baseDatasetDefaultsToTheFineTunesAndSurvivesTheTable() {
        ExperimentPlan plain = ExperimentPlan.builder().setDataset("fashion-mnist").build();
        assertNull(plain.base().dataset());
        assertEquals("fashion-mnist", plain.baseDataset().id());
        assertEquals("", RunJson.config(plain).get("baseDataset").getAsString());
        // The same dataset twice is no transfer.
        assertNull(plain.toBuilder().setBaseDataset("fashion-mnist").build().base().dataset());

        ExperimentPlan transfer = Presets.get("transfer-fashion").build();
        ExperimentPlan copy = transfer.toBuilder().build();
        assertEquals(transfer, copy);
        ExperimentPlan.Builder b = ExperimentPlan.builder().setDataset("fashion-mnist");
        PlanField.BASE_DATASET.apply(b, PlanField.BASE_DATASET.parse("mnist"));
        assertEquals("mnist", b.build().baseDataset().id());
        assertTrue(Presets.names().contains("transfer-fashion"));
    }

    private static ExperimentPlan.Builder small(ExperimentPlan.Builder preset) {
        // The preset's §7 analysis (dense SVDs per variant and layer) is Section7RunTest's subject, not this one's.
        return preset.setTrainLimit(TRAIN).setTestLimit(TEST).setVariants("lora:2,dora:2,full").setFinetuneSteps(4)
                .setSection7(false);
    }

    private RunResult run(ExperimentPlan plan) throws Exception {
        RecordingListener events = new RecordingListener();
        RunResult result = new ExperimentRunner(source).run(plan, events, new AtomicBoolean());
        assertNotNull(result, () -> "run failed: " + events.last());
        return result;
    }

    private static List<Integer> counts(int[] labels) {
        List<Integer> c = new ArrayList<>(java.util.Collections.nCopies(10, 0));
        for (int l : labels) {
            c.set(l, c.get(l) + 1);
        }
        return c;
    }

    private static TrainTest fashionSmall() throws DataException {
        try {
            Path dir = Path.of(TransferRunTest.class.getResource("/fashion-small/t10k-labels-idx1-ubyte.gz").toURI())
                    .getParent();
            return new TrainTest(
                    IdxReader.read(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz")),
                    IdxReader.read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz")));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
