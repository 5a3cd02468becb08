package dev.lorabench.analysis.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every pair of variants compared over seeds, per scope, with Holm's correction.
 *
 * <p>Pairs are (a, b) with a before b in the display order; the effect is the mean of b − a. The
 * family for the correction is the set of pairs within one scope (overall, or one class): the
 * overall question "which variants differ?" and each per-class question are asked separately, so a
 * per-class finding does not get weaker because the dataset has more classes. Pairs with fewer than
 * two paired seeds are not tested and not in the family.
 */
public final class SeedComparisons {

    public static final double DEFAULT_ALPHA = 0.05;

    private final PairedTest test;
    private final double alpha;

    private SeedComparisons(PairedTest test, double alpha) {
        this.test = test;
        this.alpha = alpha;
    }

    /** The paired t-test at α = 0.05 (docs/statistics.md says why). */
    public static SeedComparisons withDefaults() {
        return of(PairedTest.PAIRED_T, DEFAULT_ALPHA);
    }

    public static SeedComparisons of(PairedTest test, double alpha) {
        Objects.requireNonNull(test, "test");
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1) but was " + alpha);
        }
        return new SeedComparisons(test, alpha);
    }

    public PairedTest test() {
        return test;
    }

    public double alpha() {
        return alpha;
    }

    /** Every scope's comparisons, scope after scope, each scope its own Holm family. */
    public List<Comparison> compare(List<ScopeSeries> scopes) {
        List<Comparison> all = new ArrayList<>();
        for (ScopeSeries s : scopes) {
            all.addAll(compare(s));
        }
        return List.copyOf(all);
    }

    /** One scope's pairs in display order: (v0, v1), (v0, v2), …, (v1, v2), …. */
    public List<Comparison> compare(ScopeSeries scope) {
        List<VariantSeries> variants = scope.variants();
        List<VariantSeries> as = new ArrayList<>();
        List<VariantSeries> bs = new ArrayList<>();
        List<PairedResult> results = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            for (int j = i + 1; j < variants.size(); j++) {
                as.add(variants.get(i));
                bs.add(variants.get(j));
                results.add(test.test(variants.get(i).values(), variants.get(j).values()));
            }
        }
        double[] adjusted = Holm.adjust(results.stream().filter(r -> r.outcome().tested())
                .mapToDouble(PairedResult::pValue).toArray());
        int family = adjusted.length;
        List<Comparison> out = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < results.size(); i++) {
            PairedResult r = results.get(i);
            double p = r.outcome().tested() ? adjusted[k++] : 1.0;
            boolean significant = r.outcome().tested() && p <= alpha;
            out.add(new Comparison(as.get(i).variant(), bs.get(i).variant(), scope.scope(), scope.metric(),
                    r.effect(), p, r.pValue(), test, r.method(), r.n(), r.outcome(), family, alpha, significant));
        }
        return List.copyOf(out);
    }
}
