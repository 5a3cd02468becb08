package dev.lorabench.analysis;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What to combine adapters by: the arguments of PEFT's {@code add_weighted_adapter} (v0.20.0
 * semantics, docs/decisions/0026), checked when made. {@code svd_full_matrices} and
 * {@code svd_driver} are left out: they choose how torch computes the SVD, not the result.
 *
 * @param weights one per adapter, any sign (a negative weight subtracts that adapter)
 * @param density the kept fraction for trimming or dropping; present exactly when the type's
 *     merge uses one
 * @param svdRank the new rank on the SVD route; empty: the largest rank of the adapters
 * @param svdClamp PEFT's {@code svd_clamp}: a quantile q; B and A are clamped to ±(the q-quantile
 *     of all their entries); empty: no clamping
 * @param election TIES's sign election (only ties and dare_ties types may choose FREQUENCY)
 * @param masks DARE's drops; present exactly for dare_* types
 */
public record AdapterCombination(
        CombinationType type, double[] weights, OptionalDouble density, OptionalInt svdRank,
        OptionalDouble svdClamp, SignElection election, DropMasks masks) {

    public AdapterCombination {
        if (type == null) {
            throw new IllegalArgumentException("combination type must be set but was null");
        }
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("weights must hold one weight per adapter but were "
                    + (weights == null ? "not set" : "empty"));
        }
        for (double w : weights) {
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("weights must be finite but were " + Arrays.toString(weights));
            }
        }
        weights = weights.clone();
        checkDensity(type, density);
        checkSvd(type, svdRank, svdClamp);
        TaskMerge merge = type.merge();
        if (election == null) {
            throw new IllegalArgumentException("sign election must be set but was null");
        }
        if (election != SignElection.TOTAL && !merge.electsSign()) {
            throw new IllegalArgumentException("a sign election is only used by ties and dare_ties types, not "
                    + type.peftName() + ", but was " + election.peftName());
        }
        if (merge.random() != (masks != null)) {
            throw new IllegalArgumentException(merge.random()
                    ? "drop masks must be set for " + type.peftName() + " (DropMasks.seeded or recorded) but were not"
                    : "drop masks are only used by dare types, not " + type.peftName());
        }
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    public static Builder builder(CombinationType type) {
        return new Builder(type);
    }

    private static void checkDensity(CombinationType type, OptionalDouble density) {
        TaskMerge merge = type.merge();
        if (merge.usesDensity() != density.isPresent()) {
            throw new IllegalArgumentException(merge.usesDensity()
                    ? "density must be set for " + type.peftName() + " but was not"
                    : "density is not used by " + type.peftName() + " but was " + density.getAsDouble());
        }
        if (density.isPresent()) {
            double d = density.getAsDouble();
            // DARE divides by the density; PEFT would answer 0/0 at 0.
            boolean ok = merge.random() ? d > 0 && d <= 1 : d >= 0 && d <= 1;
            if (!ok) {
                throw new IllegalArgumentException("density must be in " + (merge.random() ? "(0, 1]" : "[0, 1]")
                        + " for " + type.peftName() + " but was " + d);
            }
        }
    }

    private static void checkSvd(CombinationType type, OptionalInt svdRank, OptionalDouble svdClamp) {
        boolean svd = type.route() == CombinationType.Route.SVD;
        if (svdRank.isPresent() && !svd || svdClamp.isPresent() && !svd) {
            throw new IllegalArgumentException("svd rank and svd clamp are only used by the *svd types, not "
                    + type.peftName());
        }
        if (svdRank.isPresent() && svdRank.getAsInt() < 1) {
            throw new IllegalArgumentException("svd rank must be at least 1 but was " + svdRank.getAsInt());
        }
        if (svdClamp.isPresent() && !(svdClamp.getAsDouble() >= 0 && svdClamp.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("svd clamp must be a quantile in [0, 1] but was " + svdClamp.getAsDouble());
        }
    }

    /** Collects the arguments; {@link #build} says which one is wrong. */
    public static final class Builder {
        private final CombinationType type;
        private double[] weights;
        private OptionalDouble density = OptionalDouble.empty();
        private OptionalInt svdRank = OptionalInt.empty();
        private OptionalDouble svdClamp = OptionalDouble.empty();
        private SignElection election = SignElection.TOTAL;
        private DropMasks masks;

        private Builder(CombinationType type) {
            this.type = type;
        }

        public Builder setWeights(double... weights) {
            this.weights = weights.clone();
            return this;
        }

        public Builder optDensity(double density) {
            this.density = OptionalDouble.of(density);
            return this;
        }

        public Builder optSvdRank(int svdRank) {
            this.svdRank = OptionalInt.of(svdRank);
            return this;
        }

        public Builder optSvdClamp(double quantile) {
            this.svdClamp = OptionalDouble.of(quantile);
            return this;
        }

        public Builder optElection(SignElection election) {
            this.election = election;
            return this;
        }

        public Builder optMasks(DropMasks masks) {
            this.masks = masks;
            return this;
        }

        public AdapterCombination build() {
            return new AdapterCombination(type, weights, density, svdRank, svdClamp, election, masks);
        }
    }
}
