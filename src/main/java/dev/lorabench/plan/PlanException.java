package dev.lorabench.plan;

import java.util.Objects;

/**
 * A plan value that is refused, with the field it is about, so the form marks that field and the
 * CLI prints the one-line message. An {@link IllegalArgumentException}: a usage error (exit 2).
 */
public final class PlanException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient PlanField field;

    public PlanException(PlanField field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    public PlanField field() {
        return field;
    }
}
