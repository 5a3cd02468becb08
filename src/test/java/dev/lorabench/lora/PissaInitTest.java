package dev.lorabench.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.lorabench.Offline;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PiSSA's start on weights built as Q₁·diag(σ)·Q₂ᵀ with known σ: the oracle is σ itself, not a
 * decomposition. Both of PrincipalInit's paths: left vectors recovered as W·v/σ, and the full
 * SVD when a kept σ is too small for that (a weight of lower rank than the adapter).
 */
class PissaInitTest {

    private static final int OUT = 12;
    private static final int IN = 9;
    private static final float ALPHA = 8;

    @BeforeAll
    static void offline() {
        Offline.enforce();
    }

    @Test
    void aWellConditionedWeightGivesAAndBTheTopSingularDirectionsScaledByRootSigmaOverS() {
        double[] sigma = {9, 7, 5, 4, 3, 2, 1.5, 1, 0.5};
        check(sigma, 4);
    }

    @Test
    void aWeightOfLowerRankThanTheAdapterFallsBackToTheFullSvdAndStaysFinite() {
        // Rank 2, adapter rank 3, on coordinate directions so that σ₃ comes out exactly 0: W·v/σ
        // would be 0/0 there (NaN in B), which the full SVD avoids.
        double[] sigma = {6, 2, 0, 0, 0, 0, 0, 0, 0};
        check(sigma, 3, CommonOps_DDRM.identity(OUT, IN), CommonOps_DDRM.identity(IN, IN));
    }

    private static void check(double[] sigma, int r) {
        Random random = new Random(7);
        check(sigma, r, RandomMatrices_DDRM.orthogonal(OUT, IN, random), RandomMatrices_DDRM.orthogonal(IN, IN, random));
    }

    /** W = q1·diag(σ)·q2ᵀ, q1 and q2 with orthonormal columns. */
    private static void check(double[] sigma, int r, DMatrixRMaj q1, DMatrixRMaj q2) {
        DMatrixRMaj w = new DMatrixRMaj(OUT, IN);
        DMatrixRMaj scaled = new DMatrixRMaj(OUT, IN);
        CommonOps_DDRM.mult(q1, CommonOps_DDRM.diag(sigma), scaled);
        CommonOps_DDRM.multTransB(scaled, q2, w);
        float[] weight = new float[OUT * IN];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) w.data[i];
        }
        double s = ALPHA / r;
        try (NDManager m = NDManager.newBaseManager()) {
            Linear base = Linear.builder().setUnits(OUT).optBias(false).build();
            base.initialize(m, DataType.FLOAT32, new Shape(1, IN));
            base.getParameters().get("weight").getArray().set(weight);
            LoraLinear lora = LoraLinear.wrap(base, LoraConfig.of(r, ALPHA).withMethod(AdapterMethod.PISSA));
            lora.initialize(m, DataType.FLOAT32, new Shape(1, IN));
            DMatrixRMaj a = matrix(lora.loraA().getArray().toFloatArray(), r, IN);
            DMatrixRMaj b = matrix(lora.loraB().getArray().toFloatArray(), OUT, r);
            // A·Aᵀ = Bᵀ·B = diag(σ₁…σᵣ)/s: orthogonal directions, each carrying √(σ/s).
            DMatrixRMaj aat = new DMatrixRMaj(r, r);
            CommonOps_DDRM.multTransB(a, a, aat);
            DMatrixRMaj btb = new DMatrixRMaj(r, r);
            CommonOps_DDRM.multTransA(b, b, btb);
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    double expected = i == j ? sigma[i] / s : 0;
                    assertEquals(expected, aat.get(i, j), 1e-5, "A·Aᵀ at " + i + "," + j);
                    assertEquals(expected, btb.get(i, j), 1e-5, "Bᵀ·B at " + i + "," + j);
                }
            }
            // The residual plus s·B·A is W, and the residual keeps only σᵣ₊₁…: ‖residual‖² = Σ σₖ², k > r.
            float[] residual = lora.baseWeight().getArray().toFloatArray();
            float[] principal = lora.initialDeltaWeight().toFloatArray();
            float[] sum = new float[weight.length];
            double energy = 0;
            for (int i = 0; i < sum.length; i++) {
                sum[i] = residual[i] + principal[i];
                energy += (double) residual[i] * residual[i];
            }
            assertArrayEquals(weight, sum, 1e-5f);
            double tail = 0;
            for (int k = r; k < sigma.length; k++) {
                tail += sigma[k] * sigma[k];
            }
            assertEquals(tail, energy, 1e-4);
        }
    }

    private static DMatrixRMaj matrix(float[] values, int rows, int cols) {
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < values.length; i++) {
            out.data[i] = values[i];
        }
        return out;
    }
}
