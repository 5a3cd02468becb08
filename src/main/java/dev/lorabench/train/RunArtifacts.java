package dev.lorabench.train;

import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.data.ImageSet;
import dev.lorabench.model.ModelSpec;
import java.util.Map;

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
    private final Map<String, Map<String, LoraFactors>> adapters;
    private final Map<String, Matrix> baseWeights;

    RunArtifacts(
            ExperimentPlan plan,
            ModelSpec spec,
            byte[] baseParameters,
            Samples test,
            ImageSet testImages,
            Map<String, Map<String, LoraFactors>> adapters,
            Map<String, Matrix> baseWeights) {
        this.plan = plan;
        this.spec = spec;
        this.baseParameters = baseParameters;
        this.test = test;
        this.testImages = testImages;
        this.adapters = Map.copyOf(adapters);
        this.baseWeights = Map.copyOf(baseWeights);
    }

    public ExperimentPlan plan() {
        return plan;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The base as a lorabench base file's bytes (a copy). */
    public byte[] baseParameters() {
        return baseParameters.clone();
    }

    byte[] baseParametersShared() {
        return baseParameters;
    }

    Samples test() {
        return test;
    }

    /** The raw test images (null for regression). */
    public ImageSet testImages() {
        return testImages;
    }

    /** Variant → layer path → trained factors, for every LoRA variant. */
    public Map<String, Map<String, LoraFactors>> adapters() {
        return adapters;
    }

    /** Layer path → base weight (out × in·kh·kw) of every adapted layer. */
    public Map<String, Matrix> baseWeights() {
        return baseWeights;
    }
}
