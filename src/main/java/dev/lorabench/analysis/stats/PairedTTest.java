package dev.lorabench.analysis.stats;

import java.util.OptionalDouble;
import org.apache.commons.statistics.inference.TTest;

/** The paired t-test with its degenerate cases decided before the library divides by zero. */
final class PairedTTest {

    private PairedTTest() {
    }

    static PairedResult test(PairedDifferences pairs) {
        PairedTest test = PairedTest.PAIRED_T;
        if (pairs.size() < 2) {
            return PairedResult.tooFew(test, pairs);
        }
        if (pairs.allZero()) {
            return PairedResult.noDifference(test, pairs);
        }
        if (pairs.constant()) {
            return PairedResult.constantDifference(test, pairs);
        }
        // pairedTest(x, y) tests x − y; b first, so t has the sign of the effect b − a.
        TTest.Result r = TTest.withDefaults().pairedTest(pairs.b(), pairs.a());
        return new PairedResult(test, Outcome.TESTED, pairs.size(), pairs.meanDifference(), r.getPValue(),
                OptionalDouble.of(r.getStatistic()), test.label());
    }
}
