package dev.lorabench.plan;

/** How the variants of a sweep share the data. */
public enum Schedule {
    /** One pass over the data: every batch is gathered once and steps every variant in turn. */
    LOCKSTEP,
    /** One variant after another, each with its own pass over the data. */
    SEQUENTIAL;

    /** The CLI spelling: {@code lockstep} or {@code sequential}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the CLI spelling. */
    public static Schedule byId(String id) {
        for (Schedule s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new PlanException(PlanField.SCHEDULE, "schedule must be lockstep or sequential but was " + id);
    }
}
