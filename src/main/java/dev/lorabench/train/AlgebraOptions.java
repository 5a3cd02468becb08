package dev.lorabench.train;

import dev.lorabench.analysis.AdapterCombination;
import dev.lorabench.analysis.CombinationType;
import dev.lorabench.analysis.DropMasks;
import dev.lorabench.analysis.SignElection;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Every knob of a combination besides its type and weights, as a form holds them whatever type is
 * chosen; {@link #combination} hands the type only the ones it uses (the window's controls for the
 * others are disabled, and {@link AdapterCombination} refuses arguments a type does not use).
 *
 * @param density the kept share for ties, dare_* and magnitude_prune types
 * @param svdRank the *svd types' new rank; empty: the largest rank of the inputs
 * @param svdClamp the *svd types' clamp quantile; empty: none
 * @param election TIES's sign election (ties and dare_ties types)
 * @param seed the seed of DARE's drop masks ({@link DropMasks#seeded})
 */
public record AlgebraOptions(double density, OptionalInt svdRank, OptionalDouble svdClamp, SignElection election,
        long seed) {

    /** PEFT's defaults where it has them (density 1 is no trimming; here 0.5 so that the types differ). */
    public static final AlgebraOptions DEFAULTS =
            new AlgebraOptions(0.5, OptionalInt.empty(), OptionalDouble.empty(), SignElection.TOTAL, 0);

    public AlgebraOptions {
        if (election == null) {
            throw new IllegalArgumentException("sign election must be set but was null");
        }
    }

    /** Whether {@code type} reads the density. */
    public static boolean usesDensity(CombinationType type) {
        return type.merge().usesDensity();
    }

    /** Whether {@code type} takes an SVD rank and clamp. */
    public static boolean usesSvd(CombinationType type) {
        return type.route() == CombinationType.Route.SVD;
    }

    /** Whether {@code type} elects signs. */
    public static boolean usesElection(CombinationType type) {
        return type.merge().electsSign();
    }

    /** Whether {@code type} draws DARE's masks (and so reads the seed). */
    public static boolean usesSeed(CombinationType type) {
        return type.merge().random();
    }

    /**
     * The combination of {@code type} with {@code weights} and those of these options the type
     * uses.
     *
     * @throws IllegalArgumentException naming the field when a used option is out of range
     */
    public AdapterCombination combination(CombinationType type, double... weights) {
        AdapterCombination.Builder b = AdapterCombination.builder(type).setWeights(weights);
        if (usesDensity(type)) {
            b.optDensity(density);
        }
        if (usesSvd(type)) {
            svdRank.ifPresent(b::optSvdRank);
            svdClamp.ifPresent(b::optSvdClamp);
        }
        if (usesElection(type)) {
            b.optElection(election);
        }
        if (usesSeed(type)) {
            b.optMasks(DropMasks.seeded(seed));
        }
        return b.build();
    }
}
