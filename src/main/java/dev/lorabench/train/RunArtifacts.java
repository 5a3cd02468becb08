package dev.lorabench.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.data.ImageSet;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a finished run keeps in memory so that it can be inspected again without retraining: the
 * base parameters, the trained adapters as plain matrices, the base weights of the adapted layers
 * and the test rows. Not written to run.json.
 */
public final class RunArtifacts {

    private final ExperimentPlan plan;
    private final ModelSpec spec;
    private final byte[] baseParameters;
    private final Samples test;
    private final ImageSet testImages;
    private final Map<LoraVariant, Map<String, LoraFactors>> adapters;
    private final Map<String, Matrix> baseWeights;
    private final Map<LoraVariant, Map<String, LoraFactors>> companions;

    RunArtifacts(
            ExperimentPlan plan,
            ModelSpec spec,
            byte[] baseParameters,
            Samples test,
            ImageSet testImages,
            Map<LoraVariant, Map<String, LoraFactors>> adapters,
            Map<String, Matrix> baseWeights) {
        this(plan, spec, baseParameters, test, testImages, adapters, baseWeights, Map.of());
    }

    /** The artifacts of a run with a companion task: {@code companions} as {@code adapters}, fine-tuned on its classes. */
    RunArtifacts(
            ExperimentPlan plan,
            ModelSpec spec,
            byte[] baseParameters,
            Samples test,
            ImageSet testImages,
            Map<LoraVariant, Map<String, LoraFactors>> adapters,
            Map<String, Matrix> baseWeights,
            Map<LoraVariant, Map<String, LoraFactors>> companions) {
        this.companions = Collections.unmodifiableMap(treeOf(companions));
        this.plan = plan;
        this.spec = spec;
        this.baseParameters = baseParameters;
        this.test = test;
        this.testImages = testImages;
        // In the run's order (LoRA by rank), so exports list the variants as the run did.
        this.adapters = Collections.unmodifiableMap(treeOf(adapters));
        this.baseWeights = Map.copyOf(baseWeights);
    }

    public ExperimentPlan plan() {
        return plan;
    }

    public ModelSpec spec() {
        return spec;
    }

    /**
     * The base as a lorabench base file's bytes (a copy): what {@code run} writes as base.params
     * and the GUI's "save base" exports. These artifacts hold the run's only copy.
     */
    public byte[] baseParameters() {
        return baseParameters.clone();
    }

    /** Loads the base into an initialised block of this run's architecture (without copying the bytes). */
    void loadBase(Block block, NDManager manager) throws IOException {
        BaseParameters.load(baseParameters, "base", block, spec, manager);
    }

    Samples test() {
        return test;
    }

    /** The raw test images (null for regression). */
    public ImageSet testImages() {
        return testImages;
    }

    /** LoRA variant → layer path → trained factors, for every LoRA variant that did not diverge, in run order. */
    public Map<LoraVariant, Map<String, LoraFactors>> factors() {
        return adapters;
    }

    /**
     * The companion task's adapters (ADR 0029), keyed as {@link #factors()}: LoRA variant → layer
     * path → the factors that variant reached when fine-tuned from the same base on the plan's
     * companion classes ({@code plan().finetune().companion()}), for every plain LoRA variant
     * (LoRA, rsLoRA, LoRA+) whose companion fine-tune did not diverge; empty without a companion
     * task. As plain adapters for the algebra: {@link RunInspector#companionOf}.
     */
    public Map<LoraVariant, Map<String, LoraFactors>> companionFactors() {
        return companions;
    }

    /** Variant name → layer path → trained factors, for views that list variants by name. */
    public Map<String, Map<String, LoraFactors>> adapters() {
        Map<String, Map<String, LoraFactors>> byName = new LinkedHashMap<>();
        adapters.forEach((v, f) -> byName.put(v.name(), f));
        return Collections.unmodifiableMap(byName);
    }

    /**
     * The LoRA variant of this run named {@code name} (a lookup among the run's variants).
     *
     * @throws IllegalArgumentException if the run has no such LoRA variant
     */
    public LoraVariant loraVariant(String name) {
        return adapters.keySet().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no LoRA variant " + name + " in this run; have " + adapters().keySet()));
    }

    /** Layer path → base weight (out × in·kh·kw) of every adapted layer. */
    public Map<String, Matrix> baseWeights() {
        return baseWeights;
    }

    private static Map<LoraVariant, Map<String, LoraFactors>> treeOf(Map<LoraVariant, Map<String, LoraFactors>> adapters) {
        Map<LoraVariant, Map<String, LoraFactors>> sorted = new TreeMap<>(Variant.ORDER);
        sorted.putAll(adapters);
        return sorted;
    }
}
