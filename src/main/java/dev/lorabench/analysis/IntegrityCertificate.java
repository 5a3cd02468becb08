package dev.lorabench.analysis;

import java.util.List;

/**
 * Proof that a LoRA fine-tune left the frozen base alone: every base tensor (running statistics
 * included) with its digest before and after, plus how far merged and unmerged outputs differ.
 * For PiSSA and OLoRA, whose base is the residual W − s·B₀A₀ by design, "before" is that residual,
 * and the certificate also says how exactly residual + s·B₀A₀ reproduced the original W.
 *
 * @param mergedMaxOutputDelta max |logit difference| on the test set between the adapter merged
 *     into W and kept separate (NaN when not measured, e.g. for the full fine-tune)
 * @param unmergeRestoresBase whether unmerging restored every base tensor bit for bit
 * @param principalReconstructionError max |residual + s·B₀A₀ − W| over the adapted layers at the
 *     start (PiSSA, OLoRA); NaN for methods that keep W as the base
 */
public record IntegrityCertificate(
        List<TensorCheck> tensors, double mergedMaxOutputDelta, boolean unmergeRestoresBase,
        double principalReconstructionError) {

    public IntegrityCertificate {
        tensors = List.copyOf(tensors);
    }

    /** A certificate for a method that keeps W as the base (no principal part). */
    public IntegrityCertificate(List<TensorCheck> tensors, double mergedMaxOutputDelta, boolean unmergeRestoresBase) {
        this(tensors, mergedMaxOutputDelta, unmergeRestoresBase, Double.NaN);
    }

    /** The same certificate with the principal part's reconstruction error. */
    public IntegrityCertificate withPrincipalReconstructionError(double error) {
        return new IntegrityCertificate(tensors, mergedMaxOutputDelta, unmergeRestoresBase, error);
    }

    /** True when every base tensor is bit-identical after fine-tuning. */
    public boolean baseUnchanged() {
        return tensors.stream().allMatch(TensorCheck::unchanged);
    }

    public long changedTensors() {
        return tensors.stream().filter(t -> !t.unchanged()).count();
    }

    public double maxAbsDelta() {
        return tensors.stream().mapToDouble(TensorCheck::maxAbsDelta).max().orElse(0);
    }
}
