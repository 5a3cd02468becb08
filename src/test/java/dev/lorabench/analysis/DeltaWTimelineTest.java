package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ΔW over time and direction removal on adapters whose spectra are known by hand: ΔW = s·B·A of a
 * 4-output, 3-input layer at rank 2, with s = 0.5.
 */
class DeltaWTimelineTest {

    private static final double S = 0.5;
    private static final double R = Math.sqrt(0.5);

    /** ΔW = 0.5·(3·e₁e₁ᵀ + 1·e₂e₂ᵀ): σ = (1.5, 0.5), u and v the first two axes. */
    private static LoraFactors end() {
        return new LoraFactors(Matrix.of(2, 3, 1, 0, 0, 0, 1, 0), Matrix.of(4, 2, 3, 0, 0, 1, 0, 0, 0, 0), S);
    }

    /** ΔW = 0.5·2·e₁·(e₁ + e₃)ᵀ/√2: σ = (1), u = e₁, v half in the final input plane. */
    private static LoraFactors middle() {
        return new LoraFactors(Matrix.of(2, 3, R, 0, R, 0, 1, 0), Matrix.of(4, 2, 2, 0, 0, 0, 0, 0, 0, 0), S);
    }

    /** A fresh adapter: B = 0, so ΔW = 0. */
    private static LoraFactors start() {
        return new LoraFactors(end().a(), Matrix.zeros(4, 2), S);
    }

    @Test
    void eachStepHasItsSpectrumRanksAndClosenessToTheFinalDirections() {
        List<LoraFactors> samples = List.of(start(), middle(), end());
        LayerTimeline t = LayerTimeline.of("2", List.of(0, 5, 10), samples::get);
        assertEquals(List.of(0, 5, 10), t.steps());
        assertEquals(4, t.rows());
        assertEquals(3, t.cols());

        SpectrumSample first = t.samples().get(0);
        assertEquals(0, first.size(), "B = 0: no direction");
        assertEquals(0, first.effectiveRank());
        assertEquals(0, first.energyRank90());
        assertEquals(0, first.phiInput());
        assertEquals(0, first.phiOutput());

        SpectrumSample mid = t.samples().get(1);
        assertArrayEquals(new double[] {1}, mid.sigma(), 1e-12);
        assertEquals(1, mid.effectiveRank(), 1e-12);
        assertEquals(1, mid.energyRank90());
        // v = (e₁ + e₃)/√2 against the final plane span(e₁, e₂): ‖vᵀ[e₁ e₂]‖² / min(1, 2) = 1/2.
        assertEquals(0.5, mid.phiInput(), 1e-12);
        // u = e₁ lies in the final output plane span(e₁, e₂).
        assertEquals(1, mid.phiOutput(), 1e-12);

        SpectrumSample last = t.last();
        assertArrayEquals(new double[] {1.5, 0.5}, last.sigma(), 1e-12);
        // p = (0.75, 0.25): exp(−Σ p ln p) = 1.7547653506033232 (worked out by hand).
        assertEquals(1.7547653506033232, last.effectiveRank(), 1e-12);
        // 1.5² = 2.25 of 2.5 is exactly 90 %.
        assertEquals(1, last.energyRank90());
        assertEquals(1, last.phiInput(), 1e-12);
        assertEquals(1, last.phiOutput(), 1e-12);
    }

    @Test
    void aTimelineNeedsAStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerTimeline.of("0", List.of(), i -> end()));
        assertTrue(e.getMessage().contains("layer 0"), e.getMessage());
    }

    @Test
    void removingTheFirstDirectionLeavesTheSecond() {
        LoraFactors without = DirectionRemoval.without(end(), List.of(0));
        assertEquals(2, without.rank(), "the adapter keeps its shape");
        assertEquals(S, without.scale());
        // ΔW − 1.5·e₁e₁ᵀ = 0.5·e₂e₂ᵀ: one entry, (1, 1).
        Matrix delta = without.delta();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(r == 1 && c == 1 ? 0.5 : 0, delta.get(r, c), 1e-12, r + "," + c);
            }
        }
    }

    @Test
    void removingEveryDirectionLeavesBExactlyZero() {
        LoraFactors without = DirectionRemoval.without(end(), List.of(1, 0));
        for (double v : without.b().values()) {
            assertEquals(0.0, v);
        }
    }

    @Test
    void aDirectionWithSigmaZeroRemovesNothing() {
        // Rank 2 in shape, rank 1 in fact: the second direction has σ = 0.
        LoraFactors f = new LoraFactors(Matrix.of(2, 3, 1, 0, 0, 0, 0, 0), Matrix.of(4, 2, 3, 0, 0, 0, 0, 0, 0, 0), S);
        assertSame(f, DirectionRemoval.without(f, List.of(1)));
        LoraFactors fresh = start();
        assertSame(fresh, DirectionRemoval.without(fresh, List.of(0)), "an untrained adapter has nothing to remove");
    }

    @Test
    void aDirectionOutsideTheRankIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DirectionRemoval.without(end(), List.of(2)));
        assertEquals("direction must be in 0..1 but was 2", e.getMessage());
    }

    @Test
    void removingADirectionOfARandomAdapterTakesOutExactlyItsSingularValue() {
        LoraFactors f = new LoraFactors(Matrix.gaussian(3, 7, 11), Matrix.gaussian(5, 3, 12), 0.25);
        // Oracle: the dense SVD of the 5×7 product, another route than the r×r core.
        double[] sigma = Svd.singularValues(f.delta());
        LoraFactors without = DirectionRemoval.without(f, List.of(1));
        double[] left = Svd.singularValues(without.delta());
        assertArrayEquals(new double[] {sigma[0], sigma[2], 0, 0, 0}, left, 1e-12);
        double removed = f.delta().minus(without.delta()).frobenius();
        assertEquals(sigma[1], removed, 1e-12, "what was taken out is a rank-1 matrix of norm σ₂");
    }
}
