package dev.lorabench.analysis;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * PEFT's {@code combination_type} of {@code LoraModel.add_weighted_adapter}: which {@link TaskMerge}
 * and which {@link Route} from the adapters' factors to the new adapter's.
 */
public enum CombinationType {
    LINEAR("linear", Route.FACTORS, TaskMerge.ARITHMETIC),
    /** Stacks the adapters' factors: exact Σᵢ wᵢ·sᵢ·Bᵢ·Aᵢ, rank Σᵢ rᵢ. */
    CAT("cat", Route.CONCATENATION, TaskMerge.ARITHMETIC),
    SVD("svd", Route.SVD, TaskMerge.ARITHMETIC),
    TIES("ties", Route.FACTORS, TaskMerge.TIES),
    TIES_SVD("ties_svd", Route.SVD, TaskMerge.TIES),
    DARE_LINEAR("dare_linear", Route.FACTORS, TaskMerge.DARE_LINEAR),
    DARE_LINEAR_SVD("dare_linear_svd", Route.SVD, TaskMerge.DARE_LINEAR),
    DARE_TIES("dare_ties", Route.FACTORS, TaskMerge.DARE_TIES),
    DARE_TIES_SVD("dare_ties_svd", Route.SVD, TaskMerge.DARE_TIES),
    MAGNITUDE_PRUNE("magnitude_prune", Route.FACTORS, TaskMerge.MAGNITUDE_PRUNE),
    MAGNITUDE_PRUNE_SVD("magnitude_prune_svd", Route.SVD, TaskMerge.MAGNITUDE_PRUNE);

    /** From the adapters' factors to the new adapter's, per layer. */
    public enum Route {
        /**
         * Merge the A's with weights sign(wᵢsᵢ)·√|wᵢsᵢ| and the B's with √|wᵢsᵢ|, separately: the
         * new B·A holds cross terms Bᵢ·Aⱼ, as in PEFT. All adapters need one rank, which stays.
         */
        FACTORS,
        /** A = [w₁s₁A₁; w₂s₂A₂; …], B = [B₁, B₂, …]. */
        CONCATENATION,
        /**
         * Merge the ΔWᵢ = sᵢ·Bᵢ·Aᵢ with weights wᵢ·sᵢ (so sᵢ counts twice, as in PEFT), then keep
         * the leading singular triplets: B = U_k·Σ_k, A = V_kᵀ.
         */
        SVD
    }

    private final String peftName;
    private final Route route;
    private final TaskMerge merge;

    CombinationType(String peftName, Route route, TaskMerge merge) {
        this.peftName = peftName;
        this.route = route;
        this.merge = merge;
    }

    /** The name PEFT and the command line use, e.g. {@code dare_ties_svd}. */
    public String peftName() {
        return peftName;
    }

    public Route route() {
        return route;
    }

    public TaskMerge merge() {
        return merge;
    }

    /** The type PEFT calls {@code name}. */
    public static CombinationType byPeftName(String name) {
        for (CombinationType t : values()) {
            if (t.peftName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("combination type must be one of "
                + Arrays.stream(values()).map(CombinationType::peftName).collect(Collectors.joining(", "))
                + " but was " + name);
    }
}
