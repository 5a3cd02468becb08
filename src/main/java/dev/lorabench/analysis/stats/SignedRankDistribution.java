package dev.lorabench.analysis.stats;

import java.util.Arrays;

/**
 * The exact null distribution of Wilcoxon's W+ for a given set of ranks, mid-ranks included: under
 * the null hypothesis each difference is positive or negative with probability ½, independently,
 * so W+ is a sum of independent terms that are 0 or the rank. Mid-ranks are multiples of ½, so the
 * distribution is tabulated over twice the ranks (integers up to N(N+1)); the cost is O(N³), a
 * few milliseconds for a hundred seeds.
 */
final class SignedRankDistribution {

    /** probability[s]: P(2·W+ = s). */
    private final double[] probability;

    private SignedRankDistribution(double[] probability) {
        this.probability = probability;
    }

    /** Mid-ranks of |values| (ties share the mean of the ranks they span), in the values' order. */
    static double[] midRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(Math.abs(values[i]), Math.abs(values[j])));
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && Math.abs(values[order[end + 1]]) == Math.abs(values[order[start]])) {
                end++;
            }
            double midRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = midRank;
            }
            start = end + 1;
        }
        return ranks;
    }

    static boolean hasTies(double[] ranks) {
        return ranks.length != Arrays.stream(ranks).distinct().count();
    }

    static SignedRankDistribution of(double[] ranks) {
        int total = 0;
        for (double r : ranks) {
            total += (int) Math.round(2 * r);
        }
        double[] p = new double[total + 1];
        p[0] = 1;
        for (double r : ranks) {
            int step = (int) Math.round(2 * r);
            // Each rank is added (sign +) or not (sign −) with probability ½; descend so each counts once.
            for (int s = total; s >= 0; s--) {
                p[s] = 0.5 * (p[s] + (s >= step ? p[s - step] : 0));
            }
        }
        return new SignedRankDistribution(p);
    }

    /** P(W+ ≤ w). */
    double cdf(double w) {
        int limit = (int) Math.min(probability.length - 1, Math.floor(2 * w + 1e-9));
        double sum = 0;
        for (int s = 0; s <= limit; s++) {
            sum += probability[s];
        }
        return sum;
    }

    /** P(W+ ≥ w). */
    double survival(double w) {
        int from = (int) Math.max(0, Math.ceil(2 * w - 1e-9));
        double sum = 0;
        for (int s = from; s < probability.length; s++) {
            sum += probability[s];
        }
        return sum;
    }

    /** Two-sided p-value of an observed W+: twice the smaller tail, at most 1. */
    double twoSidedP(double wPlus) {
        return Math.min(1.0, 2 * Math.min(cdf(wPlus), survival(wPlus)));
    }
}
