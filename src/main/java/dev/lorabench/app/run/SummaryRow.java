package dev.lorabench.app.run;

import dev.lorabench.report.SeriesPalette;
import java.util.Locale;

/**
 * One line of the run summary table.
 *
 * @param share trainable parameters as a fraction of the base's, NaN when not known yet
 * @param metric accuracy for classifiers, test MSE for regression
 * @param baseUnchanged whether the base tensors are bit-identical afterwards (false for full)
 * @param status "finished", "diverged at step N" or "stopped early after epoch N"; the base's
 *     row: "trained" or "loaded"
 */
public record SummaryRow(
        String variant,
        long trainable,
        double share,
        boolean regression,
        double metric,
        int targetErrors,
        int otherErrors,
        double seconds,
        boolean baseUnchanged,
        String status) {

    /** Whether this is the base's row (the "before" every variant is compared with). */
    public boolean isBase() {
        return SeriesPalette.BASE.equals(variant);
    }

    public String trainableText() {
        String count = String.format(Locale.ROOT, "%,d", trainable);
        // The base's own count is the 100 % the variants' shares are of.
        return Double.isNaN(share) || isBase() ? count : count + String.format(Locale.ROOT, " (%.3f%%)", share * 100);
    }

    public String metricText() {
        return regression
                ? String.format(Locale.ROOT, "%.5f", metric)
                : String.format(Locale.ROOT, "%.2f%%", metric * 100);
    }

    public String targetErrorsText() {
        return regression ? "—" : String.valueOf(targetErrors);
    }

    public String otherErrorsText() {
        return regression ? "—" : String.valueOf(otherErrors);
    }

    public String secondsText() {
        // Whole seconds from 100 s up: the column stays narrow.
        return Double.isNaN(seconds) ? "—"
                : String.format(Locale.ROOT, seconds >= 100 ? "%.0f s" : "%.1f s", seconds);
    }

    public String baseUnchangedText() {
        return isBase() ? "—" : baseUnchanged ? "✓" : "✗";
    }
}
