package dev.lorabench.app.analysis;

import dev.lorabench.analysis.Amplification;
import java.util.Locale;

/** One row of the LoRA paper's Table 7 for a layer: a variant's ΔW against W's directions. */
public record AmplificationRow(String variant, Amplification row) {

    public String rankText() {
        return Integer.toString(row.rank());
    }

    public String deltaNormText() {
        return num(row.deltaNorm());
    }

    public String onDeltaText() {
        return num(row.onDelta());
    }

    public String onWeightText() {
        return num(row.onWeight());
    }

    public String onRandomText() {
        return num(row.onRandom());
    }

    public String factorText() {
        return Double.isFinite(row.factor()) ? String.format(Locale.ROOT, "%.2f×", row.factor()) : "∞";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
