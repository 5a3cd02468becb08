package dev.lorabench.app.analysis;

import dev.lorabench.plan.LoraVariant;
import dev.lorabench.analysis.IntegrityCertificate;
import dev.lorabench.analysis.TensorCheck;
import dev.lorabench.train.VariantResult;
import java.util.List;
import java.util.Locale;

/**
 * One variant's base-untouched certificate as the Base integrity tab shows it.
 *
 * @param ok whether every base tensor is bit-identical afterwards
 * @param headline e.g. "base unchanged ✓ (6 tensors, SHA-256 identical)"
 * @param detail the merge check, e.g. "merged vs unmerged: max |Δ output| 2.4e-07 · unmerge restores base ✓"
 */
public record IntegrityBadge(String variant, boolean ok, String headline, String detail, List<TensorCheck> tensors) {

    public IntegrityBadge {
        tensors = List.copyOf(tensors);
    }

    public static IntegrityBadge of(VariantResult v) {
        IntegrityCertificate c = v.integrity();
        List<TensorCheck> tensors = c == null ? List.of() : c.tensors();
        boolean ok = tensors.isEmpty() ? v.baseUnchanged() : c.baseUnchanged();
        String headline;
        if (ok) {
            headline = "base unchanged ✓ (" + tensors.size() + " tensors, SHA-256 identical)";
        } else {
            long changed = tensors.isEmpty() ? 0 : c.changedTensors();
            headline = String.format(Locale.ROOT, "✗ %d tensors changed, max |Δ| %s", changed,
                    tensors.isEmpty() ? "—" : sci(c.maxAbsDelta()));
        }
        StringBuilder detail = new StringBuilder();
        if (c != null && Double.isFinite(c.mergedMaxOutputDelta())) {
            detail.append("merged vs unmerged: max |Δ output| ").append(sci(c.mergedMaxOutputDelta()));
            detail.append(" · unmerge restores base ").append(c.unmergeRestoresBase() ? "✓" : "✗");
        } else if (v.spec() instanceof LoraVariant) {
            detail.append("merge check not measured");
        } else {
            detail.append("the full fine-tune updates the base weights by design");
        }
        if (v.diverged()) {
            detail.append(" · ").append(v.status());
        }
        return new IntegrityBadge(v.spec().name(), ok, headline, detail.toString(), tensors);
    }

    /** A SHA-256 shortened for a table cell: the first 12 hex digits and an ellipsis. */
    public static String shortSha(String sha) {
        return sha == null ? "" : sha.length() <= 12 ? sha : sha.substring(0, 12) + "…";
    }

    public static String sci(double v) {
        if (v == 0) {
            return "0";
        }
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : String.valueOf(v);
    }
}
