package dev.lorabench.lora;

import ai.djl.ndarray.NDArray;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * PiSSA and OLoRA: A₀ and B₀ from a decomposition of the base weight W (out × in·kh·kw for a
 * convolution), and the base weight replaced by the residual W − s·B₀·A₀, so that a fresh adapter
 * still computes W·x. Training then moves the principal part and leaves the residual frozen.
 *
 * <ul>
 *   <li>PiSSA (Meng et al. 2024), as PEFT: W = U·Σ·Vᵀ, Σᵣ' = Σᵣ/s, A₀ = √Σᵣ'·Vᵣᵀ, B₀ = Uᵣ·√Σᵣ', so
 *       s·B₀·A₀ is W's best rank-r part.
 *   <li>OLoRA (Büyükakyüz 2024), as PEFT: W = Q·R, A₀ = R[:r], B₀ = Q[:, :r], not divided by s.
 * </ul>
 *
 * The decompositions are EJML's (doubles, CPU; the engine has none), ADR 0016. Signs of singular
 * vectors and of Q's columns are EJML's convention, which may differ from LAPACK's: A₀ and B₀ then
 * differ in sign from PEFT's while s·B₀·A₀ and the residual do not.
 */
final class PrincipalInit extends PlainVariant {

    static final PrincipalInit PISSA = new PrincipalInit(true);
    static final PrincipalInit OLORA = new PrincipalInit(false);

    private final boolean svd;

    private PrincipalInit(boolean svd) {
        this.svd = svd;
    }

    @Override
    public void init(LoraBlockBase layer) {
        NDArray weight = layer.baseWeight().getArray();
        int out = Math.toIntExact(weight.getShape().get(0));
        int in = Math.toIntExact(weight.getShape().size() / out);
        int r = layer.config().rank();
        DMatrixRMaj w = new DMatrixRMaj(out, in);
        float[] values = weight.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            w.data[i] = values[i];
        }
        DMatrixRMaj a = new DMatrixRMaj(r, in);
        DMatrixRMaj b = new DMatrixRMaj(out, r);
        if (svd) {
            pissa(w, r, layer.config().scale(), a, b);
        } else {
            olora(w, r, a, b);
        }
        layer.loraA().getArray().set(floats(a));
        layer.loraB().getArray().set(floats(b));
        try (NDArray principal = layer.initialPrincipal()) {
            weight.subi(principal);
        }
    }

    /**
     * Below this fraction of σ₁ a singular value is too small to recover its left vector as
     * W·v/σ (the error grows as ε·σ₁/σ, ~1e-10 at this bound, under float rounding).
     */
    static final double RECOVERABLE = 1e-6;

    private static void pissa(DMatrixRMaj w, int r, double scale, DMatrixRMaj a, DMatrixRMaj b) {
        // Without U the SVD of a 2000×1000 weight takes 3.0 s instead of 5.7–6.8 s (EJML, one
        // core of the 2-core Xeon); Uᵣ is then W·Vᵣ/σ, the same vectors as EJML's U up to
        // rounding, with their signs paired to V's as the decomposition pairs them.
        SingularValueDecomposition_F64<DMatrixRMaj> d = decompose(w, false);
        DMatrixRMaj v = d.getV(null, false);
        DMatrixRMaj s = d.getW(null);
        SingularOps_DDRM.descendingOrder(null, false, s, v, false);
        DMatrixRMaj u;
        if (s.get(r - 1, r - 1) >= RECOVERABLE * s.get(0, 0)) {
            u = leftVectors(w, v, s, r);
        } else {
            d = decompose(w, true);
            u = d.getU(null, false);
            v = d.getV(null, false);
            s = d.getW(null);
            SingularOps_DDRM.descendingOrder(u, false, s, v, false);
        }
        for (int k = 0; k < r; k++) {
            double root = Math.sqrt(s.get(k, k) / scale);
            for (int i = 0; i < w.numCols; i++) {
                a.set(k, i, root * v.get(i, k));
            }
            for (int o = 0; o < w.numRows; o++) {
                b.set(o, k, u.get(o, k) * root);
            }
        }
    }

    private static SingularValueDecomposition_F64<DMatrixRMaj> decompose(DMatrixRMaj w, boolean needU) {
        SingularValueDecomposition_F64<DMatrixRMaj> d =
                DecompositionFactory_DDRM.svd(w.numRows, w.numCols, needU, true, true);
        if (!d.decompose(w.copy())) {
            throw new IllegalStateException("the SVD of the base weight did not converge");
        }
        return d;
    }

    /** The first r left singular vectors, uₖ = W·vₖ/σₖ, as the columns of an out×r matrix. */
    private static DMatrixRMaj leftVectors(DMatrixRMaj w, DMatrixRMaj v, DMatrixRMaj sigma, int r) {
        DMatrixRMaj u = new DMatrixRMaj(w.numRows, r);
        CommonOps_DDRM.mult(w, CommonOps_DDRM.extract(v, 0, v.numRows, 0, r), u);
        double[] sigmas = new double[r];
        for (int k = 0; k < r; k++) {
            sigmas[k] = sigma.get(k, k);
        }
        CommonOps_DDRM.divideCols(u, sigmas);
        return u;
    }

    private static void olora(DMatrixRMaj w, int r, DMatrixRMaj a, DMatrixRMaj b) {
        QRDecomposition<DMatrixRMaj> d = DecompositionFactory_DDRM.qr(w.numRows, w.numCols);
        // EJML's Householder QR returns false when a column below the diagonal is all zeros, yet
        // its factors are valid then (that reflector is the identity): check the factors instead.
        d.decompose(w.copy());
        DMatrixRMaj q = d.getQ(null, true);
        DMatrixRMaj rr = d.getR(null, true);
        if (MatrixFeatures_DDRM.hasUncountable(q) || MatrixFeatures_DDRM.hasUncountable(rr)) {
            throw new IllegalStateException("the QR decomposition of the base weight is not finite");
        }
        CommonOps_DDRM.extract(rr, 0, r, 0, w.numCols, a, 0, 0);
        CommonOps_DDRM.extract(q, 0, w.numRows, 0, r, b, 0, 0);
    }

    private static float[] floats(DMatrixRMaj m) {
        float[] f = new float[m.data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) m.data[i];
        }
        return f;
    }
}
