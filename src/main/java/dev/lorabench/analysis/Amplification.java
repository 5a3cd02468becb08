package dev.lorabench.analysis;

/**
 * The LoRA paper's Table 7 for one layer: how strongly ΔW amplifies directions of W. With U, V an
 * r-dimensional pair of left and right directions, ‖UᵀWV‖_F measures how much of W lies there;
 * taken for ΔW's own top-r directions, for W's top-r, and for random ones, against ‖ΔW‖_F and
 * ‖W‖_F. The factor ‖ΔW‖_F / ‖UᵀWV‖_F (ΔW's own directions) says by how much ΔW amplifies the
 * features it touches (about 21 for GPT-3's W_q at r = 4 in the paper).
 *
 * @param rank r, the number of directions of each kind
 * @param deltaNorm ‖ΔW‖_F
 * @param weightNorm ‖W‖_F
 * @param onDelta ‖UᵀWV‖_F with U, V ΔW's top-r singular vectors
 * @param onWeight the same with W's top-r
 * @param onRandom the same with random orthonormal directions (seeded)
 */
public record Amplification(int rank, double deltaNorm, double weightNorm, double onDelta, double onWeight,
        double onRandom) {

    /** The table row of W and ΔW at rank r (random directions from {@code seed}). */
    public static Amplification of(Matrix w, Matrix delta, int rank, long seed) {
        int bound = Math.min(w.rows(), w.cols());
        if (rank < 1 || rank > bound) {
            throw new IllegalArgumentException("rank must be in 1.." + bound + " but was " + rank);
        }
        return of(w, Svd.topK(w, rank), Svd.topK(delta, rank), delta.frobenius(), rank, seed);
    }

    /**
     * The table row from decompositions already at hand (the base's, shared by every variant of a
     * layer; a LoRA update's through its r×r core): {@code weight} and {@code delta} hold at least
     * their leading directions, of which the first {@code rank} are used (fewer when ΔW has fewer).
     */
    public static Amplification of(Matrix w, Svd weight, Svd delta, double deltaNorm, int rank, long seed) {
        int bound = Math.min(w.rows(), w.cols());
        if (rank < 1 || rank > bound) {
            throw new IllegalArgumentException("rank must be in 1.." + bound + " but was " + rank);
        }
        Svd d = delta.truncate(rank);
        Svd s = weight.truncate(rank);
        Matrix ru = Matrix.gaussian(w.rows(), rank, seed).orthonormalColumns();
        Matrix rv = Matrix.gaussian(w.cols(), rank, seed + 1).orthonormalColumns();
        return new Amplification(rank, deltaNorm, w.frobenius(), projected(w, d.u(), d.v()),
                projected(w, s.u(), s.v()), projected(w, ru, rv));
    }

    /** ‖ΔW‖_F / ‖UᵀWV‖_F on ΔW's own directions (infinite when W has nothing there). */
    public double factor() {
        return onDelta == 0 ? Double.POSITIVE_INFINITY : deltaNorm / onDelta;
    }

    private static double projected(Matrix w, Matrix u, Matrix v) {
        return u.transposeTimes(w).times(v).frobenius();
    }
}
