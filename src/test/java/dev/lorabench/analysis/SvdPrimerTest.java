package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SvdPrimerTest {

    @Test
    void aRankTwoMatrixHasRankTwoAndIsRebuiltExactlyFromTwoDirections() {
        Matrix w = Matrix.gaussian(12, 2, 1).times(Matrix.gaussian(2, 9, 2));
        SvdPrimer p = SvdPrimer.of(w);
        assertEquals(2, p.numericalRank());
        assertEquals(9, p.sigma().length);
        assertEquals(0, p.relativeError()[1], 1e-6);
        assertEquals(2 * (12 + 9), p.parametersAtK()[1]);
    }
}
