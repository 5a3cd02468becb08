package dev.lorabench.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * All singular values of a dense matrix, and the 90 %-energy rank, on spectra chosen by hand:
 * M = U·diag(σ)·Vᵀ with random orthonormal U and V.
 */
class FullSpectrumTest {

    @Test
    void everySingularValueOfATallAndAWideMatrixWithAChosenFullSpectrum() {
        // σ = 120, 119, …, 1: full rank, spread over two orders of magnitude.
        double[] sigma = new double[120];
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] = sigma.length - i;
        }
        Matrix tall = withSpectrum(300, 120, sigma, 1);
        assertSpectrum(sigma, Svd.singularValues(tall));
        assertSpectrum(sigma, Svd.singularValues(tall.transpose()));
    }

    @Test
    void aRankDeficientMatrixGetsExactZerosForItsMissingDirections() {
        double[] sigma = {5, 4, 2, 0.5};
        double[] all = Svd.singularValues(withSpectrum(90, 70, sigma, 2));
        assertEquals(70, all.length);
        assertSpectrum(sigma, Arrays.copyOf(all, 4));
        // The other 66 are rounding noise (under max(rows, cols)·ε·σ₁), reported as zero, not as tiny σ.
        assertEquals(0, Arrays.stream(all, 4, 70).max().orElseThrow());
    }

    @Test
    void singularValuesFarBelowTheLargestAreResolvedWhichTheGramRouteCouldNot() {
        // σᵢ/σ₁ down to 1e-9: the Gram matrix holds σ² = 1e-18·σ₁², under its rounding n·ε·σ₁² ≈ 3e-14,
        // so eigenvalues of MᵀM could resolve nothing below ~2e-7·σ₁. A true SVD's error is ~ε·σ₁.
        double[] sigma = {1, 0.5, 1e-3, 1e-5, 1e-7, 1e-8, 1e-9};
        Matrix m = withSpectrum(200, 120, sigma, 3);
        for (Matrix each : new Matrix[] {m, m.transpose()}) {
            double[] all = Svd.singularValues(each);
            assertEquals(120, all.length);
            for (int i = 0; i < sigma.length; i++) {
                assertEquals(sigma[i], all[i], 1e-13, "σ" + (i + 1));
            }
            assertEquals(0, Arrays.stream(all, sigma.length, 120).max().orElseThrow());
        }
        Svd.Spectrum spectrum = Svd.spectrum(m, sigma.length);
        assertEquals(Spectra.effectiveRank(sigma), Spectra.effectiveRank(spectrum.all()), 1e-12);
        // The leading triplets rebuild M to rounding; leaving out the 1e-9 direction leaves ‖M − M₆‖_F = σ₇.
        assertEquals(0, m.minus(spectrum.leading().reconstruct(sigma.length)).frobenius(), 1e-14);
        assertEquals(1e-9, m.minus(spectrum.leading().reconstruct(6)).frobenius(), 1e-13);
    }

    @Test
    void energyRankIsTheFewestDirectionsHoldingNinetyPercentOfTheSquares() {
        // 9 / (9 + 1) = 0.9 exactly: a share of exactly 90 % counts.
        assertEquals(1, Spectra.energyRank90(new double[] {3, 1, 0, 0}));
        double[] forty = new double[40];
        Arrays.fill(forty, 1);
        assertEquals(36, Spectra.energyRank90(forty)); // 36/40 = 0.9
        // 4 / 6 and 5 / 6 fall short: all three.
        assertEquals(3, Spectra.energyRank90(new double[] {2, 1, 1}));
        // 100 / 110.24 ≈ 0.907.
        assertEquals(1, Spectra.energyRank90(new double[] {10, 3.2}));
        assertEquals(0, Spectra.energyRank90(new double[] {0, 0}));
    }

    private static void assertSpectrum(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * expected[0], "σ" + (i + 1));
        }
    }

    static Matrix withSpectrum(int rows, int cols, double[] sigma, long seed) {
        int k = sigma.length;
        Matrix u = Matrix.gaussian(rows, k, seed).orthonormalColumns();
        Matrix v = Matrix.gaussian(cols, k, seed + 1000).orthonormalColumns();
        Matrix d = Matrix.zeros(k, k);
        for (int i = 0; i < k; i++) {
            d.set(i, i, sigma[i]);
        }
        return u.times(d).times(v.transpose());
    }
}
