package dev.lorabench.train;

import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.Offline;
import dev.lorabench.data.MnistSmall;
import dev.lorabench.model.Architecture;
import java.util.List;

/** Tiny real-data plans on the committed MNIST subset (2,000 train / 500 test images). */
final class SmallRuns {

    static {
        Offline.enforce();
    }

    private SmallRuns() {}

    /** Serves the subset under any dataset name. */
    static final DataSource MNIST_SMALL = dataset -> MnistSmall.load();

    static ExperimentPlan.Builder mlp() {
        return ExperimentPlan.builder()
                .setModel(Architecture.MLP)
                .setDataset("mnist")
                .setBaseEpochs(1)
                .setBatchSize(32)
                .setLr(1e-3f)
                .setTrainLimit(600)
                .setTestLimit(200)
                .setFinetuneClasses(ClassSelection.worstClass())
                .setFinetuneEpochs(5)
                .setFinetuneSteps(5)
                .setRanks(List.of(1, 2))
                .setFull(true)
                .setTargets("linear");
    }
}
