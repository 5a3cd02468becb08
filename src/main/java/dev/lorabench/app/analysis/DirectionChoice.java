package dev.lorabench.app.analysis;

import java.util.Locale;

/** One direction of a trained ΔW the user may remove: its index (0-based) and σ, shown as "σ1 = 0.0123". */
public record DirectionChoice(int index, double sigma) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "σ%d = %.4g", index + 1, sigma);
    }
}
