package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.AdapterMethod;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LayerWeights;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.lora.LoraLayer;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.model.TensorDigests;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A variant's model, built from the base bytes and adapted, ready to train. */
final class PreparedVariant implements AutoCloseable {
    final Variant variant;
    final long started;
    final Model model;
    final Block block;
    final Map<String, Parameter> baseTensors = new LinkedHashMap<>();
    final Map<String, Long> perLayer = new LinkedHashMap<>();
    BaseSnapshot snapshot;
    /** PiSSA/OLoRA: max |residual + s·B₀A₀ − W| at the start; NaN for other methods. */
    double principalError = Double.NaN;
    /** PiSSA/OLoRA: the digest of the base tensors once W became the residual; null otherwise. */
    private String residualDigest;
    Map<String, Parameter> targetWeights;
    AdapterSet adapters;
    long trainable;
    private boolean closed;

    private PreparedVariant(Variant variant, Model model, Block block, long started) {
        this.variant = variant;
        this.model = model;
        this.block = block;
        this.started = started;
    }

    /** The first layer when it is adapted: its frozen base sees the raw batch in every variant. */
    LoraLayer firstAdapted() {
        if (adapters == null || block.getChildren().isEmpty()) {
            return null;
        }
        Block first = block.getChildren().get(0).getValue();
        return first instanceof LoraLayer l ? l : null;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }

    /** The base digest a fine-tune must leave unchanged: the residual's for PiSSA/OLoRA, else the base's. */
    String startDigest(String baseDigest) {
        return residualDigest == null ? baseDigest : residualDigest;
    }

    private static double principalError(AdapterSet adapters, Map<String, float[]> original) {
        double worst = 0;
        for (AdaptedLayer layer : adapters.layers()) {
            float[] w = original.get(layer.path());
            float[] residual = layer.layer().baseWeight().getArray().toFloatArray();
            float[] principal;
            try (NDArray d = layer.layer().initialDeltaWeight()) {
                principal = d.toFloatArray();
            }
            for (int i = 0; i < w.length; i++) {
                worst = Math.max(worst, Math.abs((double) residual[i] + principal[i] - w[i]));
            }
        }
        return worst;
    }

    /** Builds {@code variant}'s model from the run's base bytes; records the base weights in {@code lab}. */
    static PreparedVariant prepare(
            ExperimentPlan plan, ModelSpec spec, Variant variant, byte[] baseParameters, LabCollector lab)
            throws IOException {
        return build(plan, spec, variant, plan.seed(), baseParameters, lab);
    }

    /**
     * Builds {@code variant}'s model for one of a run's extra seeds: initialised from {@code seed}
     * as {@link #prepare} does from the plan's, but only to be trained and tested: no base snapshot
     * or ΔW lab record (the certificate and the lab are the run's own seed's).
     */
    static PreparedVariant forSeed(ExperimentPlan plan, ModelSpec spec, Variant variant, long seed,
            byte[] baseParameters) throws IOException {
        return build(plan, spec, variant, seed, baseParameters, null);
    }

    /** Builds the model; with a {@code lab}, also snapshots and certifies what the fine-tune must keep. */
    private static PreparedVariant build(ExperimentPlan plan, ModelSpec spec, Variant variant, long seed,
            byte[] baseParameters, LabCollector lab) throws IOException {
        long started = System.nanoTime();
        boolean certified = lab != null;
        // Same A initialisation for a rank whatever else the sweep contains (the full fine-tune: rank 0),
        // and whatever the method: LoRA, rsLoRA, LoRA+ (and DoRA) of one rank start from the same A
        // draw on purpose, so that a comparison of methods is paired like their batches (ADR 0017).
        // An extra seed draws with seed + k in place of the seed (ADR 0021).
        int rank = variant instanceof LoraVariant lora ? lora.rank() : 0;
        Engine.getInstance().setRandomSeed((int) (seed * 31 + rank));
        Model model = Model.newInstance(variant.name());
        try {
            Block block = ExperimentRunner.newBlock(model, spec);
            PreparedVariant p = new PreparedVariant(variant, model, block, started);
            BaseParameters.load(baseParameters, "base", block, spec, model.getNDManager());
            // Loaded arrays do not record gradients; learned parameters must (statistics never).
            block.freezeParameters(false, ExperimentRunner::isLearned);
            for (Pair<String, Parameter> e : block.getParameters()) {
                p.baseTensors.put(e.getKey(), e.getValue());
            }
            p.targetWeights = LayerWeights.of(block, plan.adapters().targets().loraTargets());
            if (certified) {
                p.snapshot = BaseSnapshot.take(p.baseTensors);
                lab.baseWeights(p.targetWeights);
            }
            if (variant instanceof LoraVariant lora) {
                LoraConfig config = LayerRanks.config(lora);
                Function<String, LoraConfig> configFor = LayerRanks.configFor(plan.adapters(), lora, block);
                // PiSSA and OLoRA make the base the residual W − s·B₀A₀ by design: keep W to certify
                // that the residual reproduces it with the principal part (a copy only for them).
                boolean residual = certified
                        && (config.method() == AdapterMethod.PISSA || config.method() == AdapterMethod.OLORA);
                Map<String, float[]> original = new LinkedHashMap<>();
                if (residual) {
                    p.targetWeights.forEach((path, w) -> original.put(path, w.getArray().toFloatArray()));
                }
                p.adapters = LoraInjector.inject(block, plan.adapters().targets().loraTargets(), configFor);
                if (residual) {
                    // What training must leave bit-identical is now the residual.
                    p.principalError = principalError(p.adapters, original);
                    p.snapshot = BaseSnapshot.take(p.baseTensors);
                    p.residualDigest = TensorDigests.of(p.baseTensors).combined();
                }
                for (AdaptedLayer layer : p.adapters.layers()) {
                    p.perLayer.put(layer.path(), layer.trainableParameters());
                }
                p.trainable = p.adapters.trainableParameters();
            } else {
                p.trainable = ModelFactory.parameterCount(block);
            }
            return p;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
