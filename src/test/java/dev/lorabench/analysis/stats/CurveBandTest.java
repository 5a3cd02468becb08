package dev.lorabench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurveBandTest {

    @Test
    void summaryByHand() {
        // Mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sample sd √(32/7) = 2.1380899352993950.
        SeedSummary s = SeedSummary.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertEquals(8, s.count());
        assertEquals(5.0, s.mean(), 1e-15);
        assertEquals(2.138089935299395, s.sd(), 1e-14);
        assertEquals(2, s.min());
        assertEquals(9, s.max());
        SeedSummary one = SeedSummary.of(3.5, Double.NaN);
        assertEquals(new SeedSummary(1, 3.5, 0, 3.5, 3.5), one);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeedSummary.of(Double.NaN, Double.POSITIVE_INFINITY));
        assertEquals("a summary needs at least one finite value but got 2 values, none finite", e.getMessage());
    }

    @Test
    void curvesOfDifferentLengths() {
        // Seed 0 runs four steps, seed 1 two, seed 2 diverged: NaN at step 3 and no step 4.
        CurveBand band = CurveBand.of(List.of(
                List.of(p(1, 2.0), p(2, 1.0), p(3, 0.5), p(4, 0.25)),
                List.of(p(1, 4.0), p(2, 3.0)),
                List.of(p(1, 3.0), p(2, 2.0), p(3, Double.NaN))));
        List<BandPoint> points = band.points();
        assertEquals(4, points.size());
        // Step 1: {2, 4, 3}: mean 3, deviations −1, 1, 0 → sd √(2/2) = 1.
        assertEquals(new BandPoint(1, 3, 3.0, 1.0, 2.0, 4.0), points.get(0));
        // Step 2: {1, 3, 2}: mean 2, sd 1.
        assertEquals(new BandPoint(2, 3, 2.0, 1.0, 1.0, 3.0), points.get(1));
        // Steps 3 and 4: seed 0 alone (seed 2's NaN is left out).
        assertEquals(new BandPoint(3, 1, 0.5, 0.0, 0.5, 0.5), points.get(2));
        assertEquals(new BandPoint(4, 1, 0.25, 0.0, 0.25, 0.25), points.get(3));
        BandPoint first = points.get(0);
        assertEquals(2.0, first.lower(BandKind.MIN_MAX));
        assertEquals(4.0, first.upper(BandKind.MIN_MAX));
        assertEquals(2.0, first.lower(BandKind.SD));
        assertEquals(4.0, first.upper(BandKind.SD));
    }

    @Test
    void bandKindsDiffer() {
        // {0, 0, 0, 4}: mean 1, sd √(12/3) = 2; min–max is [0, 4], ±1 sd is [−1, 3].
        CurveBand band = CurveBand.of(List.of(List.of(p(5, 0)), List.of(p(5, 0)), List.of(p(5, 0)), List.of(p(5, 4))));
        BandPoint point = band.points().get(0);
        assertEquals(0, point.lower(BandKind.MIN_MAX));
        assertEquals(4, point.upper(BandKind.MIN_MAX));
        assertEquals(-1, point.lower(BandKind.SD), 1e-15);
        assertEquals(3, point.upper(BandKind.SD), 1e-15);
    }

    @Test
    void aRepeatedStepIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CurveBand.of(List.of(List.of(p(1, 1)), List.of(p(1, 1), p(1, 2)))));
        assertEquals("curve 1 has step 1 twice", e.getMessage());
        assertEquals(List.of(), CurveBand.of(List.of()).points());
    }

    private static CurvePoint p(int step, double value) {
        return new CurvePoint(step, value);
    }
}
