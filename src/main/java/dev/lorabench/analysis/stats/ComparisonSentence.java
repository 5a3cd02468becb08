package dev.lorabench.analysis.stats;

import java.math.BigDecimal;
import java.math.MathContext;

/** Words for a {@link Comparison}; numbers through BigDecimal, so they read the same in every locale. */
final class ComparisonSentence {

    private ComparisonSentence() {
    }

    static String of(Comparison c) {
        String pair = c.b() + " vs " + c.a() + " " + c.scope().phrase();
        return switch (c.outcome()) {
            case TOO_FEW_PAIRS -> pair + ": not tested (N = " + c.n()
                    + "; a paired test needs at least 2 seeds with values for both)";
            case NO_DIFFERENCE -> pair + ": no difference, equal in every seed (N = " + c.n() + ")";
            case TESTED, CONSTANT_DIFFERENCE -> tested(c, pair);
        };
    }

    private static String tested(Comparison c, String pair) {
        String details = pValue(c.pValue()) + ", " + c.method() + correction(c) + ", N = " + c.n();
        String same = c.outcome() == Outcome.CONSTANT_DIFFERENCE ? ", the same in every seed" : "";
        if (c.significant()) {
            return c.b() + " has " + amount(c) + " than " + c.a() + " " + c.scope().phrase() + same
                    + " (" + details + ")";
        }
        return pair + ": no significant difference (" + details + "; observed " + amount(c) + same + ")";
    }

    /** "3.2 fewer errors", "0.012 higher test accuracy", "no difference in errors". */
    private static String amount(Comparison c) {
        if (c.effect() == 0) {
            return "no difference in " + c.metric().noun();
        }
        String word = c.effect() > 0 ? c.metric().more() : c.metric().less();
        return number(Math.abs(c.effect())) + " " + word + " " + c.metric().noun();
    }

    private static String correction(Comparison c) {
        return c.familySize() > 1 ? ", Holm-corrected for " + c.familySize() + " pairs" : "";
    }

    /** Three significant digits, without trailing zeros: 3.2, 0.0123, 15. */
    static String number(double x) {
        return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** "p = 0.41": two significant digits, and "p < 0.001" below that (more would suggest precision). */
    static String pValue(double p) {
        if (p < 0.001) {
            return "p < 0.001";
        }
        return "p = " + new BigDecimal(p).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }
}
