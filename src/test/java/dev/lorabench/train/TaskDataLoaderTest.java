package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Fine-tune rows copied out of the engine are the training rows the JVM held before it let them go. */
class TaskDataLoaderTest {

    @Test
    void finetuneRowsFromTheEngineAreTheHeldRowsOfTheChosenClassesPlusReplay() throws Exception {
        Engine.getInstance();
        ExperimentPlan plan = SmallRuns.mlp().setReplay(0.1).build();
        TaskData data = TaskDataLoader.load(plan, SmallRuns.MNIST_SMALL);
        Samples held = data.train();
        List<Integer> targets = List.of(3, 6);
        try (NDManager manager = NDManager.newBaseManager();
                TensorSet train = TensorSet.of(manager, held)) {
            TaskData released = data.withTrainInputsReleased();
            assertEquals(0, released.train().x().length, "inputs left the heap");
            assertEquals(held.count(), released.train().count());

            Samples tune = TaskDataLoader.finetuneSamples(plan, released, targets, train);

            int[] labels = held.labels();
            int ofTargets = (int) Arrays.stream(labels).filter(l -> l == 3 || l == 6).count();
            int replayed = (int) Math.round(0.1 * (labels.length - ofTargets));
            assertEquals(ofTargets + replayed, tune.count());
            Set<Integer> seen = new TreeSet<>();
            for (int i = 0; i < tune.count(); i++) {
                // Each copied row is, value for value, one of the held rows with the same label.
                float[] row = Arrays.copyOfRange(tune.x(), i * held.features(), (i + 1) * held.features());
                int match = indexOfRow(held, row, tune.labels()[i]);
                assertTrue(match >= 0, "row " + i + " is not a held row of label " + tune.labels()[i]);
                seen.add(match);
            }
            assertEquals(tune.count(), seen.size(), "no row twice");
        }
    }

    private static int indexOfRow(Samples held, float[] row, int label) {
        int f = held.features();
        for (int j = 0; j < held.count(); j++) {
            if (held.labels()[j] == label
                    && Arrays.equals(held.x(), j * f, (j + 1) * f, row, 0, f)) {
                return j;
            }
        }
        return -1;
    }

    @Test
    void regressionDataKeepsItsInputs() throws Exception {
        ExperimentPlan plan = SmallRuns.mlp().setDataset("synthetic")
                .setModel(dev.lorabench.model.Architecture.LINEAR).setRanks(List.of(1)).build();
        TaskData data = TaskDataLoader.load(plan, SmallRuns.MNIST_SMALL);
        TaskData released = data.withTrainInputsReleased();
        assertArrayEquals(data.train().x(), released.train().x());
    }
}
