package dev.lorabench.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LayerWeights;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Variant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One real run with the §7 and intruder analysis, shared by the tests that read it (the analysis
 * costs a dense SVD per layer and variant, so it is made once per test JVM): the MLP on the MNIST
 * subset, LoRA ranks 2 and 4 and the full fine-tune, 5 steps, two seeds (7 and 8).
 */
public final class Section7Runs {

    /** The run, and the full fine-tune's weights after it (layer path → W_ft), which the result does not keep. */
    public record Shared(RunResult run, Map<String, Matrix> fullTuned) {}

    private static Shared shared;

    private Section7Runs() {}

    /** The plan: {@code variants} with the seed, seeds and §7 switch given. */
    public static ExperimentPlan plan(String variants, long seed, int seeds, boolean section7) {
        return SmallRuns.mlp().setTrainLimit(400).setFinetuneSteps(5).setVariants(variants).setSeed(seed)
                .setSeeds(seeds).setSection7(section7).build();
    }

    public static synchronized Shared shared() throws Exception {
        if (shared == null) {
            Map<String, Matrix> full = new LinkedHashMap<>();
            ExperimentPlan plan = plan("lora:2,lora:4,full", 7, 2, true);
            ModelSink capture = new ModelSink() {
                @Override
                public void variantTuned(Variant variant, ModelSpec spec, Block model, AdapterSet adapters) {
                    if (adapters == null) {
                        for (Map.Entry<String, Parameter> e
                                : LayerWeights.of(model, plan.adapters().targets().loraTargets()).entrySet()) {
                            full.put(e.getKey(), LabCollector.matrix(e.getValue()));
                        }
                    }
                }
            };
            RunResult run = new ExperimentRunner(SmallRuns.MNIST_SMALL, capture).run(plan, e -> { }, new AtomicBoolean());
            shared = new Shared(run, Map.copyOf(full));
        }
        return shared;
    }

    /** The plan of {@link #plan} with its base loaded from {@code base} (no base training). */
    public static ExperimentPlan onBase(String variants, long seed, java.nio.file.Path base) {
        return SmallRuns.mlp().setTrainLimit(400).setFinetuneSteps(5).setVariants(variants).setSeed(seed)
                .optBaseFile(base).setBaseEpochs(0).build();
    }

    /** A run of {@code plan} on the MNIST subset, without capturing anything. */
    public static RunResult run(ExperimentPlan plan) throws Exception {
        return new ExperimentRunner(SmallRuns.MNIST_SMALL).run(plan, e -> { }, new AtomicBoolean());
    }
}
