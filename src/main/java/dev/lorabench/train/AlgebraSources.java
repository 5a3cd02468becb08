package dev.lorabench.train;

import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.data.DataException;
import dev.lorabench.interop.PeftFactors;
import dev.lorabench.interop.TorchNames;
import dev.lorabench.plan.LoraMethod;
import dev.lorabench.plan.LoraVariant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the adapter algebra's inputs come from, for the GUI and the CLI alike: the one list of a
 * run's combinable adapters ({@link #of}), and adapter folders checked against the run's model
 * ({@link #load}).
 */
public final class AlgebraSources {

    /** Why a DoRA variant is listed but cannot be combined (ADR 0026). */
    public static final String DORA = "DoRA adapters cannot be combined: their magnitude vectors do not add up";
    /** Why a PiSSA or OLoRA variant is listed but not combined from the run's memory. */
    public static final String RESIDUAL = "trained on a residual base: save it as an adapter folder (PEFT's"
            + " conversion) and add that folder instead";

    private AlgebraSources() {}

    /**
     * Every LoRA variant of the run, in run order: LoRA, rsLoRA and LoRA+ as their trained factors
     * (keyed by PEFT module name), the others listed with the one line that says why they are not
     * combined; then the companion fine-tunes, if the run had companion classes. The one place that
     * decides what a run offers the algebra.
     */
    public static List<AlgebraSource> of(RunArtifacts run) {
        List<AlgebraSource> out = new ArrayList<>();
        for (LoraVariant v : run.factors().keySet()) {
            if (v.method() == LoraMethod.DORA) {
                out.add(AlgebraSource.refused(v.name(), DORA));
            } else if (!v.method().addsToFrozenBase()) {
                out.add(AlgebraSource.refused(v.name(), v.method().id() + " is " + RESIDUAL));
            } else {
                out.add(AlgebraSource.ofVariant(v.name(), RunInspector.adapterOf(run, v)));
            }
        }
        // The companion fine-tunes (ADR 0029): the same variants trained on the companion classes,
        // named as their loss curves were, e.g. "lora-r8 on 1,7".
        for (LoraVariant v : run.companionFactors().keySet()) {
            out.add(AlgebraSource.ofVariant(CompanionPass.laneName(run.plan(), v), RunInspector.companionOf(run, v)));
        }
        return List.copyOf(out);
    }

    /**
     * The run's source named {@code name}.
     *
     * @throws IllegalArgumentException naming the run's sources when there is none of that name, or
     *     the reason when it cannot be combined
     */
    public static AlgebraSource variant(RunArtifacts run, String name) {
        for (AlgebraSource s : of(run)) {
            if (s.name().equals(name)) {
                if (!s.combinable()) {
                    throw new IllegalArgumentException(name + ": " + s.refusal());
                }
                return s;
            }
        }
        throw new IllegalArgumentException("no LoRA variant " + name + " in this run; have "
                + of(run).stream().map(AlgebraSource::name).toList());
    }

    /**
     * An adapter folder in PEFT's layout, checked against the run's model: every module it adapts
     * must be one the run adapts, with factors of that layer's shape.
     *
     * @throws DataException one line naming the folder and what does not fit
     */
    public static AlgebraSource load(RunArtifacts run, Path dir) throws DataException {
        AdapterFactors adapter = PeftFactors.read(dir).factors();
        Map<String, Matrix> weights = new LinkedHashMap<>();
        run.baseWeights().forEach((path, w) -> weights.put(TorchNames.module(path), w));
        if (!weights.isEmpty()) {
            for (Map.Entry<String, LoraFactors> e : adapter.layers().entrySet()) {
                Matrix w = weights.get(e.getKey());
                LoraFactors f = e.getValue();
                if (w == null) {
                    throw new DataException(dir + ": module " + e.getKey() + " is not adapted in this run, which adapts "
                            + String.join(", ", weights.keySet()));
                }
                if (f.b().rows() != w.rows() || f.a().cols() != w.cols()) {
                    throw new DataException(dir + ": module " + e.getKey() + " is " + f.b().rows() + "x" + f.a().cols()
                            + " in the adapter but " + w.rows() + "x" + w.cols() + " in this run's model");
                }
            }
        }
        return AlgebraSource.ofFolder(dir, adapter);
    }
}
