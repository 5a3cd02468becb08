package dev.lorabench.analysis;

/**
 * How TIES elects each entry's sign (PEFT's {@code majority_sign_method}): the sign of the sum of
 * the trimmed task values, or the sign most of them have. Ties (a sum of 0) elect +.
 */
public enum SignElection {
    /** {@code "total"}: sign of Σᵢ tᵢ, PEFT's default. */
    TOTAL("total"),
    /** {@code "frequency"}: sign of Σᵢ sign(tᵢ). */
    FREQUENCY("frequency");

    private final String peftName;

    SignElection(String peftName) {
        this.peftName = peftName;
    }

    public String peftName() {
        return peftName;
    }

    /** The election PEFT calls {@code name}. */
    public static SignElection byPeftName(String name) {
        for (SignElection e : values()) {
            if (e.peftName.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("majority sign method must be total or frequency but was " + name);
    }
}
