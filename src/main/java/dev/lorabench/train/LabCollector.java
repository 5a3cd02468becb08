package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.lorabench.analysis.DeltaWLab;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.Section7;
import dev.lorabench.analysis.Section7Lab;
import dev.lorabench.analysis.Svd;
import dev.lorabench.analysis.WeightUpdate;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LoraLayer;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers, as plain matrices, what the ΔW lab needs from a sweep: the base weights of the adapted
 * layers, each LoRA variant's factors and the full fine-tune's updates; for the §7 and intruder
 * findings also each variant's W_ft − W where it is not s·B·A, and the second seed's A factors.
 */
final class LabCollector {

    private final Map<String, Matrix> baseWeights = new LinkedHashMap<>();
    private final Map<LoraVariant, Map<String, LoraFactors>> lora = new TreeMap<>(Variant.ORDER);
    private final Map<String, Matrix> fullDelta = new LinkedHashMap<>();
    private final Map<String, Svd> fullSvds = new LinkedHashMap<>();
    private final Map<String, double[]> fullSpectra = new LinkedHashMap<>();
    // DoRA, PiSSA, OLoRA: W_ft − W is not the trained s·B·A (Section7Lab needs the real update).
    private final Map<LoraVariant, Map<String, WeightUpdate>> effective = new LinkedHashMap<>();
    private final Map<LoraVariant, Map<String, Matrix>> secondSeedA = new TreeMap<>(Variant.ORDER);
    private boolean section7;

    /** Whether to gather what the §7 and intruder findings need (the plan's {@code section7}). */
    void enableSection7(boolean on) {
        section7 = on;
    }

    /** Records W of each target layer (once; every variant starts from the same base). */
    void baseWeights(Map<String, Parameter> weights) {
        if (baseWeights.isEmpty()) {
            weights.forEach((path, p) -> baseWeights.put(path, matrix(p)));
        }
    }

    void lora(LoraVariant variant, AdapterSet adapters) {
        Map<String, LoraFactors> layers = factorsOf(adapters);
        lora.put(variant, layers);
        if (section7 && !variant.method().addsToFrozenBase()) {
            Map<String, WeightUpdate> updates = new LinkedHashMap<>();
            for (AdaptedLayer layer : adapters.layers()) {
                updates.put(layer.path(), effectiveUpdate(layer.layer(), layers.get(layer.path())));
            }
            effective.put(variant, updates);
        }
    }

    /**
     * W_ft − W of a layer whose update is not s·B·A on the untouched base: PiSSA and OLoRA as PEFT
     * converts them, s·[B, −B₀]·[A; A₀] (their base became W − s·B₀·A₀); DoRA as what merging adds.
     */
    private static WeightUpdate effectiveUpdate(LoraLayer layer, LoraFactors trained) {
        if (layer.config().method().replacesBase()) {
            Matrix a0 = rows(layer.initialA(), trained.a().rows());
            Matrix b0 = rows(layer.initialB(), trained.b().rows());
            return new WeightUpdate.LowRank(new LoraFactors(stackRows(trained.a(), a0),
                    stackRows(trained.b().transpose(), b0.transpose().scale(-1)).transpose(), trained.scale()));
        }
        try (NDArray delta = layer.deltaWeight(); NDArray initial = layer.initialDeltaWeight()) {
            Matrix d = rows(delta, trained.b().rows());
            return new WeightUpdate.Dense(d.minus(rows(initial, d.rows())), null);
        }
    }

    /** Every adapted layer's trained factors as plain matrices, by layer path, in model order. */
    static Map<String, LoraFactors> factorsOf(AdapterSet adapters) {
        Map<String, LoraFactors> layers = new LinkedHashMap<>();
        for (AdaptedLayer layer : adapters.layers()) {
            // DoRA's trained magnitude too: without it a re-built model (re-evaluation, export) would
            // carry the freshly initialised ‖W‖ instead.
            Parameter m = layer.layer().magnitude();
            layers.put(layer.path(), new LoraFactors(matrix(layer.layer().loraA()), matrix(layer.layer().loraB()),
                    layer.layer().config().scale(), m == null ? null : m.getArray().toFloatArray()));
        }
        return layers;
    }

    /** Records the A factors a LoRA variant reached with the run's second seed (the §7 seed grids). */
    void secondSeed(LoraVariant variant, AdapterSet adapters) {
        if (!section7) {
            return;
        }
        Map<String, Matrix> layers = new LinkedHashMap<>();
        for (AdaptedLayer layer : adapters.layers()) {
            layers.put(layer.path(), matrix(layer.layer().loraA()));
        }
        secondSeedA.put(variant, layers);
    }

    /** Records ΔW = W_ft − W for each target layer of the full fine-tune. */
    void full(Map<String, Parameter> weightsAfter) {
        weightsAfter.forEach((path, p) -> {
            Matrix delta = matrix(p).minus(baseWeights.get(path));
            fullDelta.put(path, delta);
            Svd.Spectrum spectrum = DeltaWLab.fullSpectrum(delta);
            fullSvds.put(path, spectrum.leading());
            fullSpectra.put(path, spectrum.all());
        });
    }

    /** The leading SVD of each full-fine-tune ΔW (shared by the spectra and the truncation curve). */
    Map<String, Svd> fullSvds() {
        return fullSvds;
    }

    Map<String, Matrix> baseWeights() {
        return baseWeights;
    }

    Map<String, Matrix> fullDelta() {
        return fullDelta;
    }

    Map<LoraVariant, Map<String, LoraFactors>> loraFactors() {
        return lora;
    }

    List<LayerSpectra> analyse() {
        return DeltaWLab.analyse(baseWeights, lora, fullDelta, fullSvds, fullSpectra);
    }

    /** The §7 and intruder findings (none unless enabled), checking for a cancel between layers and variants. */
    Section7 section7(RunContext context) {
        if (!section7) {
            return Section7.none();
        }
        context.emit(new TrainingEvent.PhaseStarted("LoRA §7 and intruder dimensions", "analysis"));
        return Section7Lab.analyse(new Section7Lab.Inputs(baseWeights, updates(), lora, secondSeedA),
                context::checkCancelled);
    }

    /** Every variant's W_ft − W by layer, in run order: LoRA's s·B·A (or its real update), then the full fine-tune's. */
    Map<Variant, Map<String, WeightUpdate>> updates() {
        Map<Variant, Map<String, WeightUpdate>> updates = new LinkedHashMap<>();
        lora.forEach((variant, layers) -> {
            Map<String, WeightUpdate> own = effective.get(variant);
            if (own == null) {
                own = new LinkedHashMap<>();
                for (Map.Entry<String, LoraFactors> e : layers.entrySet()) {
                    own.put(e.getKey(), new WeightUpdate.LowRank(e.getValue()));
                }
            }
            updates.put(variant, own);
        });
        if (!fullDelta.isEmpty()) {
            Map<String, WeightUpdate> full = new LinkedHashMap<>();
            fullDelta.forEach((path, d) -> full.put(path, new WeightUpdate.Dense(d, fullSvds.get(path))));
            updates.put(Variant.full(), full);
        }
        return updates;
    }

    Map<LoraVariant, Map<String, Matrix>> secondSeedA() {
        return secondSeedA;
    }

    /** An array as {@code rows} × (everything else). */
    private static Matrix rows(NDArray array, int rows) {
        float[] values = array.toFloatArray();
        return Matrix.ofFloats(rows, values.length / rows, values);
    }

    /** {@code top} above {@code bottom} (same column count). */
    private static Matrix stackRows(Matrix top, Matrix bottom) {
        double[] both = new double[(top.rows() + bottom.rows()) * top.cols()];
        System.arraycopy(top.values(), 0, both, 0, top.rows() * top.cols());
        System.arraycopy(bottom.values(), 0, both, top.rows() * top.cols(), bottom.rows() * bottom.cols());
        return Matrix.of(top.rows() + bottom.rows(), top.cols(), both);
    }

    /** A weight as out × (everything else): conv kernels flatten to out × in·kh·kw. */
    static Matrix matrix(Parameter p) {
        long[] shape = p.getArray().getShape().getShape();
        int rows = (int) shape[0];
        float[] values = p.getArray().toFloatArray();
        return Matrix.ofFloats(rows, values.length / rows, values);
    }
}
