package dev.lorabench.analysis.stats;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One paired test of variant b against variant a over seeds.
 *
 * @param test the test asked for
 * @param outcome whether it ran, or which degenerate case it met
 * @param n seeds with a value for both variants
 * @param effect mean of the paired differences b − a (negative: b is lower); 0 without pairs
 * @param pValue two-sided p-value in [0, 1]; 1 when {@code outcome} is NO_DIFFERENCE or TOO_FEW_PAIRS
 * @param statistic t, or Wilcoxon's W+ (sum of the ranks of positive differences); empty unless TESTED
 * @param method what was computed, in words ("paired t-test", "Wilcoxon signed-rank, exact, …")
 */
public record PairedResult(
        PairedTest test, Outcome outcome, int n, double effect, double pValue, OptionalDouble statistic,
        String method) {

    public PairedResult {
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(method, "method");
        if (!(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("pValue must be in 0..1 but was " + pValue);
        }
        if (!Double.isFinite(effect)) {
            throw new IllegalArgumentException("effect must be finite but was " + effect);
        }
    }

    static PairedResult tooFew(PairedTest test, PairedDifferences pairs) {
        return new PairedResult(test, Outcome.TOO_FEW_PAIRS, pairs.size(), pairs.meanDifference(), 1.0,
                OptionalDouble.empty(), test.label() + " (not run: fewer than 2 paired seeds)");
    }

    static PairedResult noDifference(PairedTest test, PairedDifferences pairs) {
        return new PairedResult(test, Outcome.NO_DIFFERENCE, pairs.size(), 0.0, 1.0, OptionalDouble.empty(),
                test.label() + " (all differences zero)");
    }

    /** The exact sign-flip p-value of N equal, same-signed differences: 2·0.5^N. */
    static PairedResult constantDifference(PairedTest test, PairedDifferences pairs) {
        double p = Math.min(1.0, 2 * Math.pow(0.5, pairs.size()));
        return new PairedResult(test, Outcome.CONSTANT_DIFFERENCE, pairs.size(), pairs.meanDifference(), p,
                OptionalDouble.empty(), test.label() + " (same difference in every seed: exact sign-flip p)");
    }
}
