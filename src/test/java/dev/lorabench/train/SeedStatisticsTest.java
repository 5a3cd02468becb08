package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.stats.Comparison;
import dev.lorabench.analysis.stats.Outcome;
import dev.lorabench.analysis.stats.Scope;
import dev.lorabench.analysis.stats.SeedComparisons;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed runs turned into paired comparisons: scopes, pairing by seed, diverged seeds left out. */
class SeedStatisticsTest {

    /** A two-class evaluation with the given errors per class (100 samples per class). */
    private static Evaluation errors(int on0, int on1) {
        return Evaluation.classification(new int[][] {{100 - on0, on0}, {on1, 100 - on1}});
    }

    @Test
    void pairsAreComparedOverallAndPerClassBySeed() {
        // Class 0: the same errors in every seed for both variants; class 1: b has 10 fewer, ±1.
        int[] aOn1 = {30, 32, 29, 31, 33};
        int[] bOn1 = {20, 23, 18, 21, 23};
        List<SeedRun> runs = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            runs.add(new SeedRun("lora-r1", s, 42 + s, List.of(), errors(5, aOn1[s]), 0));
            runs.add(new SeedRun("lora-r4", s, 42 + s, List.of(), errors(5, bOn1[s]), 0));
        }
        List<Comparison> all = SeedStatistics.comparisons(
                runs, List.of("lora-r1", "lora-r4"), List.of("0", "1"), SeedComparisons.withDefaults());
        assertEquals(3, all.size(), "overall, class 0, class 1");
        Comparison overall = all.get(0);
        assertEquals(Scope.OVERALL, overall.scope());
        assertEquals("lora-r1", overall.a());
        assertEquals("lora-r4", overall.b());
        // b − a per seed: −10, −9, −11, −10, −10 → mean −10.
        assertEquals(-10, overall.effect(), 1e-12);
        assertEquals(5, overall.n());
        assertTrue(overall.significant(), overall.sentence());
        Comparison class0 = all.get(1);
        assertEquals(Outcome.NO_DIFFERENCE, class0.outcome());
        assertFalse(class0.significant());
        assertEquals(1.0, class0.pValue());
        assertEquals(-10, all.get(2).effect(), 1e-12);
    }

    @Test
    void aDivergedSeedDropsOutOfItsPairsAndOneSeedComparesNothing() {
        List<SeedRun> runs = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            runs.add(new SeedRun("a", s, s, List.of(), errors(1, 10 + s), 0));
            runs.add(new SeedRun("b", s, s, List.of(), errors(1, 5 + 2 * s), s == 1 ? 7 : 0));
        }
        Comparison overall = SeedStatistics.comparisons(runs, List.of("a", "b"), List.of("0", "1"),
                SeedComparisons.withDefaults()).get(0);
        assertEquals(2, overall.n(), "seed 1 of b diverged");
        // Seeds 0 and 2: b − a = (6 − 11), (10 − 13) → −5, −3.
        assertEquals(-4, overall.effect(), 1e-12);
        assertTrue(SeedStatistics.comparisons(runs.subList(0, 2), List.of("a", "b"), List.of("0", "1"),
                SeedComparisons.withDefaults()).isEmpty(), "one seed: nothing to compare");
    }
}
