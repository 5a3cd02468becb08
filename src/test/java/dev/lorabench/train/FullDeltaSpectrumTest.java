package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.Matrix;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The full fine-tune's ΔW numbers come from its whole spectrum. The ΔW are built by hand with a
 * chosen spectrum, U·diag(σ)·Vᵀ with random orthonormal U and V, and go through the same path as a
 * run's (float tensors → lab): once on a layer the size of the MLP's 2000×1000 one, otherwise on
 * smaller tall layers that still hold more directions than the lab plots (each 2000×1000 layer
 * costs ~4 s: the SVDs of its ΔW and of its zero base).
 */
class FullDeltaSpectrumTest {

    @Test
    void fortyEqualDirectionsHaveEffectiveRankFortyNotThe32Computed() {
        double[] sigma = new double[40];
        java.util.Arrays.fill(sigma, 0.5);
        LayerSpectra layer = analyse(withSpectrum(2000, 1000, sigma, 5));
        assertEquals(40, layer.effectiveRank().get("full"), 1e-3);
        assertEquals(36, layer.energyRank90().get("full")); // 36 · 0.25 / (40 · 0.25) = 0.9
    }

    @Test
    void aSpectrumOfThreeAndOneNeedsOneDirectionForNinetyPercentOfItsEnergy() {
        // Built exactly representable in float32: with random U, V the rounding to the layer's floats
        // adds ~1000 singular values near 1e-9·σ₁ that a true SVD sees (+1.8e-5 on this rank).
        LayerSpectra layer = analyse(signSpectrum(1100, 300, 3, 1));
        // p = (3/4, 1/4): H = −(¾ ln ¾ + ¼ ln ¼).
        double h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        assertEquals(Math.exp(h), layer.effectiveRank().get("full"), 1e-5);
        assertEquals(1, layer.energyRank90().get("full")); // 9 / (9 + 1) = 0.9
    }

    @Test
    void aSlowlyDecayingSpectrumCountsItsWholeTail() {
        // σ_i = 1/√i for i = 1…200: p_i = σ_i/Σσ, rank = exp(−Σ p ln p), computed here by hand.
        double[] sigma = new double[200];
        double sum = 0;
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] = 1 / Math.sqrt(i + 1);
            sum += sigma[i];
        }
        double h = 0;
        for (double s : sigma) {
            h -= s / sum * Math.log(s / sum);
        }
        LayerSpectra layer = analyse(withSpectrum(600, 300, sigma, 7));
        assertEquals(Math.exp(h), layer.effectiveRank().get("full"), 1e-3 * Math.exp(h));
        // Σ_{i≤k} σᵢ² = H_k (harmonic numbers): the first k with H_k ≥ 0.9·H_200.
        double[] harmonic = new double[201];
        for (int i = 1; i <= 200; i++) {
            harmonic[i] = harmonic[i - 1] + 1.0 / i;
        }
        int k = 1;
        while (harmonic[k] < 0.9 * harmonic[200]) {
            k++;
        }
        assertEquals(k, layer.energyRank90().get("full"));
        org.junit.jupiter.api.Assertions.assertTrue(k > 100, "the 90 % rank lies beyond the 32 values once computed: " + k);
    }

    @Test
    void runJsonCarriesTheEffectiveAndNinetyPercentRanksOfTheWholeSpectrum() {
        double[] sigma = new double[40];
        java.util.Arrays.fill(sigma, 2);
        // 300×200 with 40 equal values: the top 32 alone would cap both ranks at 32.
        LayerSpectra layer = analyse(withSpectrum(300, 200, sigma, 8));
        int[][] confusion = new int[2][2];
        confusion[0][0] = 1;
        confusion[1][1] = 1;
        Evaluation e = Evaluation.classification(confusion);
        RunResult run = new RunResult(
                ExperimentPlan.builder().setRanks(List.of()).setFull(true).build(),
                new RunEnvironment("t", "t", "t", "t", 1, "17"), List.of("a", "b"), List.of(0), 2,
                new BaseResult(10, "sha", true, List.of(), e, 1), List.of(), 1, List.of(layer), null, null);
        com.google.gson.JsonObject json = dev.lorabench.report.RunJson.toTree(run);
        assertEquals(40, json.getAsJsonObject("effectiveRank").getAsJsonObject("2").get("full").getAsDouble(), 1e-3);
        assertEquals(36, json.getAsJsonObject("energyRank90").getAsJsonObject("2").get("full").getAsInt());
    }

    /** Runs the lab on one layer whose base is zero and whose full fine-tune ends at {@code delta}. */
    static LayerSpectra analyse(Matrix delta) {
        try (NDManager manager = NDManager.newBaseManager()) {
            LabCollector lab = new LabCollector();
            lab.baseWeights(Map.of("2", parameter(manager, Matrix.zeros(delta.rows(), delta.cols()))));
            lab.full(Map.of("2", parameter(manager, delta)));
            return lab.analyse().get(0);
        }
    }

    /**
     * σ₁·u₁v₁ᵀ + σ₂·u₂v₂ᵀ (σ small integers) with u, v orthonormal Walsh–Hadamard sign vectors over
     * the first 1024 rows (entries ±1/32) and 256 columns (±1/16): every entry is exact in float32.
     * Rows and columns past those are zero, as behind a dead ReLU.
     */
    static Matrix signSpectrum(int rows, int cols, int sigma1, int sigma2) {
        double[] m = new double[rows * cols];
        for (int r = 0; r < 1024; r++) {
            for (int c = 0; c < 256; c++) {
                m[r * cols + c] = (sigma1 * walsh(5, r) * walsh(3, c) + sigma2 * walsh(6, r) * walsh(9, c)) / (32.0 * 16);
            }
        }
        return Matrix.of(rows, cols, m);
    }

    /** Entry i of Walsh–Hadamard row k: (−1)^popcount(k AND i). */
    private static int walsh(int k, int i) {
        return Integer.bitCount(k & i) % 2 == 0 ? 1 : -1;
    }

    /** U·diag(σ)·Vᵀ with orthonormal U (rows × k) and V (cols × k) from seeded Gaussians. */
    static Matrix withSpectrum(int rows, int cols, double[] sigma, long seed) {
        int k = sigma.length;
        Matrix u = Matrix.gaussian(rows, k, seed).orthonormalColumns();
        Matrix v = Matrix.gaussian(cols, k, seed + 1000).orthonormalColumns();
        double[] us = new double[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < k; c++) {
                us[r * k + c] = u.get(r, c) * sigma[c];
            }
        }
        return Matrix.of(rows, k, us).times(v.transpose());
    }

    private static Parameter parameter(NDManager manager, Matrix m) {
        Parameter p = Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build();
        p.setArray(manager.create(m.toFloats(), new Shape(m.rows(), m.cols())));
        return p;
    }
}
