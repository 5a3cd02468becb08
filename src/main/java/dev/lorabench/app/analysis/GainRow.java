package dev.lorabench.app.analysis;

import java.util.Locale;

/**
 * A variant's gain and forgetting in one run of the history.
 *
 * @param gain errors fewer on the target classes than the base
 * @param forgetting errors more on the other classes than the base
 */
public record GainRow(int run, double replay, String variant, int gain, int forgetting) {

    public String runText() {
        return "#" + run;
    }

    public String replayText() {
        return String.format(Locale.ROOT, "%.2f", replay);
    }
}
