package dev.lorabench.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * DoRA (Liu et al. 2024, PEFT's {@code use_dora}): W' = m ⊙ (W + s·B·A) / ‖W + s·B·A‖, the norm
 * taken per output channel over everything else. As the paper (§4.3) and PEFT do, the norm is a
 * constant for gradients, so m and the direction receive gradients but the norm does not.
 *
 * <p>The output is base(x) + (m/‖·‖ − 1)·W·x' + m/‖·‖·s·B(A(x')) with x' the adapter input (x after
 * adapter dropout), which is PEFT's formula: the bias stays as the base adds it, unscaled. m starts
 * at ‖W + s·B₀·A₀‖ = ‖W‖ computed by the same operations as in the forward pass, so a fresh layer's
 * factor m/‖·‖ is exactly 1 and its output is base(x) bit for bit.
 */
final class DoraVariant implements AdapterVariant {

    static final DoraVariant INSTANCE = new DoraVariant();

    private DoraVariant() {}

    @Override
    public boolean hasMagnitude() {
        return true;
    }

    @Override
    public void init(LoraBlockBase layer) {
        try (NDArray norm = layer.directionNorm(
                layer.baseWeight().getArray(), layer.loraA().getArray(), layer.loraB().getArray())) {
            norm.copyTo(layer.magnitude().getArray());
        }
    }

    @Override
    public NDArray output(LoraBlockBase layer, ParameterStore store, NDArray in, NDArray baseOut, boolean training) {
        NDArray w = store.getValue(layer.baseWeight(), in.getDevice(), training);
        NDArray a = store.getValue(layer.loraA(), in.getDevice(), training);
        NDArray b = store.getValue(layer.loraB(), in.getDevice(), training);
        NDArray m = store.getValue(layer.magnitude(), in.getDevice(), training);
        // A result belongs to its first operand's manager: computed from parameters, these would
        // live as long as the model (measured: native memory grew with every step). They belong to
        // the step, the input's manager.
        NDManager step = in.getManager();
        NDArray fixedA = onStep(a.stopGradient(), step);
        NDArray fixedB = onStep(b.stopGradient(), step);
        NDArray norm = onStep(layer.directionNorm(w, fixedA, fixedB), step).stopGradient();
        NDArray factor = onStep(m.div(norm), step);
        NDArray rescaledBase = factor.sub(1f).mul(layer.baseProduct(in, w));
        return baseOut.add(rescaledBase).add(factor.mul(layer.lowRank(store, in, training)));
    }

    private static NDArray onStep(NDArray array, NDManager step) {
        array.attach(step);
        return array;
    }

    @Override
    public boolean additive() {
        return false;
    }

    /** m/‖W + s·B·A‖ ⊙ (W + s·B·A) − W: merging then leaves DoRA's weight in the base. */
    @Override
    public NDArray deltaWeight(LoraBlockBase layer) {
        NDArray w = layer.baseWeight().getArray();
        NDArray a = layer.loraA().getArray();
        NDArray b = layer.loraB().getArray();
        try (NDArray norm = layer.directionNorm(w, a, b);
                NDArray factor = layer.magnitude().getArray().div(norm);
                NDArray column = layer.perChannel(factor);
                NDArray lw = layer.loraWeight(a, b);
                NDArray combined = lw.muli(layer.config().scale()).addi(w)) {
            return combined.mul(column).subi(w);
        }
    }
}
