package dev.lorabench.analysis.stats;

import java.util.Objects;

/**
 * Variant b against variant a on one scope over seeds. a comes before b in the display order, so
 * "b vs a" reads as "the later variant against the earlier one" (lora-r4 vs lora-r1).
 *
 * @param a the reference variant (earlier in the display order)
 * @param b the compared variant (later)
 * @param scope overall, or one class
 * @param metric how the sentence names the metric
 * @param effect mean over the paired seeds of b − a (negative: b has less of the metric)
 * @param pValue Holm-adjusted two-sided p-value within the scope's family; 1 when not tested
 * @param rawPValue the test's own p-value before the adjustment
 * @param test the test asked for
 * @param method what was computed, in words (see {@link PairedResult#method()})
 * @param n seeds with a value for both variants
 * @param outcome whether the test ran or which degenerate case it met
 * @param familySize how many tested comparisons share this scope's Holm family
 * @param alpha the significance level
 * @param significant {@code pValue ≤ alpha} for a tested comparison
 */
public record Comparison(
        String a, String b, Scope scope, Metric metric, double effect, double pValue, double rawPValue,
        PairedTest test, String method, int n, Outcome outcome, int familySize, double alpha, boolean significant) {

    public Comparison {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * The finding for a person, e.g. "lora-r4 vs lora-r1 on class 4: no significant difference
     * (p = 0.41, paired t-test, Holm-corrected for 3 pairs, N = 5; observed 0.4 fewer errors)" or
     * "lora-r4 has 3.2 fewer errors than lora-r1 on class 4 (p = 0.004, paired t-test, …)".
     */
    public String sentence() {
        return ComparisonSentence.of(this);
    }
}
