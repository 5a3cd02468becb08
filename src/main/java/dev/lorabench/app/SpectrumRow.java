package dev.lorabench.app;

import java.util.Locale;

/** One variant's ΔW of a layer: effective rank and amplification (ΔW lab table). */
public record SpectrumRow(String variant, double effectiveRank, double amplification) {

    public String effectiveRankText() {
        return Double.isFinite(effectiveRank) ? String.format(Locale.ROOT, "%.2f", effectiveRank) : "—";
    }

    public String amplificationText() {
        return Double.isFinite(amplification) ? String.format(Locale.ROOT, "%.2f×", amplification) : "—";
    }
}
