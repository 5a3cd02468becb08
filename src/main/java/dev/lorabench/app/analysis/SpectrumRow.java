package dev.lorabench.app.analysis;

import java.util.Locale;

/**
 * One variant's ΔW of a layer: effective rank, the fewest directions holding 90 % of its energy
 * (0 when not measured) and amplification (ΔW lab table).
 */
public record SpectrumRow(String variant, double effectiveRank, int energyRank90, double amplification) {

    public String effectiveRankText() {
        return Double.isFinite(effectiveRank) ? String.format(Locale.ROOT, "%.2f", effectiveRank) : "—";
    }

    public String energyRank90Text() {
        return energyRank90 > 0 ? Integer.toString(energyRank90) : "—";
    }

    public String amplificationText() {
        return Double.isFinite(amplification) ? String.format(Locale.ROOT, "%.2f×", amplification) : "—";
    }
}
