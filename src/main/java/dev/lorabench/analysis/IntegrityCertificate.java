package dev.lorabench.analysis;

import java.util.List;

/**
 * Proof that a LoRA fine-tune left the frozen base alone: every base tensor (running statistics
 * included) with its digest before and after, plus how far merged and unmerged outputs differ.
 *
 * @param mergedMaxOutputDelta max |logit difference| on the test set between the adapter merged
 *     into W and kept separate (NaN when not measured, e.g. for the full fine-tune)
 * @param unmergeRestoresBase whether unmerging restored every base tensor bit for bit
 */
public record IntegrityCertificate(
        List<TensorCheck> tensors, double mergedMaxOutputDelta, boolean unmergeRestoresBase) {

    public IntegrityCertificate {
        tensors = List.copyOf(tensors);
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
