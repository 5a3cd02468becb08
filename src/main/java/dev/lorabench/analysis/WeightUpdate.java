package dev.lorabench.analysis;

/**
 * What a fine-tune added to one layer's weight, ΔW = W_ft − W, in the form that is cheapest to
 * take apart: the factors of a low-rank update (LoRA, rsLoRA, LoRA+; PiSSA and OLoRA as PEFT
 * converts them, [B, −B₀]·[A; A₀]) or a dense matrix (the full fine-tune; DoRA, whose magnitude
 * rescales every output row).
 */
public sealed interface WeightUpdate {

    /** ΔW as a dense matrix (out × in·kh·kw). */
    Matrix dense();

    /** ‖ΔW‖_F. */
    double frobenius();

    /** The leading {@code k} singular triplets of ΔW (fewer when it has fewer non-zero ones). */
    Svd leading(int k);

    /**
     * The intruder profile of W + ΔW against W for its top {@code kMax} directions.
     *
     * @param base W's thin SVD with all its triplets ({@link Svd#exact})
     */
    IntruderProfile profile(Matrix w, Svd base, int kMax, int shown);

    /** ΔW = scale·B·A: its SVD goes through the r×r core ({@link Svd#ofLowRank}), never a dense SVD. */
    record LowRank(LoraFactors factors) implements WeightUpdate {

        @Override
        public Matrix dense() {
            return factors.delta();
        }

        @Override
        public double frobenius() {
            double sum = 0;
            for (double s : svd().sigma()) {
                sum += s * s;
            }
            return Math.sqrt(sum);
        }

        @Override
        public Svd leading(int k) {
            return svd().truncate(k);
        }

        /** Through W's basis ({@link LowRankUpdateSvd}): a small K instead of the dense out × in sum. */
        @Override
        public IntruderProfile profile(Matrix w, Svd base, int kMax, int shown) {
            return LowRankUpdateSvd.profile(base, factors, kMax, shown);
        }

        private Svd svd() {
            return Svd.ofLowRank(factors.b(), factors.a(), factors.scale());
        }
    }

    /**
     * A dense ΔW; {@code known} (may be null) holds leading triplets already computed (the full
     * fine-tune's, shared with the ΔW lab), used when they are enough.
     */
    record Dense(Matrix delta, Svd known) implements WeightUpdate {

        @Override
        public Matrix dense() {
            return delta;
        }

        @Override
        public double frobenius() {
            return delta.frobenius();
        }

        @Override
        public Svd leading(int k) {
            return known != null && known.size() >= k ? known.truncate(k) : Svd.topK(delta, k);
        }

        @Override
        public IntruderProfile profile(Matrix w, Svd base, int kMax, int shown) {
            return IntruderProfile.of(base, Svd.spectrum(w.plus(delta), kMax).leading(), kMax, shown);
        }
    }

    /**
     * DoRA's ΔW from its saved parts, as PEFT merges it: V = W + s·B·A, each output row of V scaled
     * to the trained magnitude, W_ft = m ⊙ V / ‖V‖_row, ΔW = W_ft − W (rows of a conv weight are its
     * output channels over in·kh·kw, PEFT's norm over dims 1–3).
     *
     * @throws IllegalArgumentException if the factors carry no magnitude or it does not fit W's rows
     */
    static WeightUpdate dora(Matrix w, LoraFactors f) {
        float[] m = f.magnitude();
        if (m == null || m.length != w.rows()) {
            throw new IllegalArgumentException("a DoRA update needs one magnitude per output row (" + w.rows()
                    + ") but had " + (m == null ? "none" : m.length));
        }
        Matrix v = w.plus(f.delta());
        double[] out = new double[w.rows() * w.cols()];
        for (int r = 0; r < w.rows(); r++) {
            double norm = 0;
            for (int c = 0; c < w.cols(); c++) {
                norm += v.get(r, c) * v.get(r, c);
            }
            double k = m[r] / Math.sqrt(norm);
            for (int c = 0; c < w.cols(); c++) {
                out[r * w.cols() + c] = k * v.get(r, c) - w.get(r, c);
            }
        }
        return new Dense(Matrix.of(w.rows(), w.cols(), out), null);
    }
}
