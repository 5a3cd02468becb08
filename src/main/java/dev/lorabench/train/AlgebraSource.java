package dev.lorabench.train;

import dev.lorabench.analysis.AdapterFactors;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One adapter the adapter algebra may take (ADR 0026): a run's trained LoRA variant, or an
 * adapter folder in PEFT's layout, or one that cannot be combined, with the one line that says why
 * (a DoRA variant: its magnitude vectors do not add up).
 *
 * @param name how lists and records name it: the variant's name, or the folder's path
 * @param folder the folder it was read from; null for a run's own variant
 * @param adapter its factors by PEFT module name, each layer at its own scale; null when refused
 * @param refusal why it cannot be combined; null when it can
 */
public record AlgebraSource(String name, Path folder, AdapterFactors adapter, String refusal) {

    public AlgebraSource {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an algebra source must be named but was " + name);
        }
        if ((adapter == null) == (refusal == null)) {
            throw new IllegalArgumentException("an algebra source holds either an adapter or a refusal, not "
                    + (adapter == null ? "neither" : "both") + " (" + name + ")");
        }
    }

    /** A run's own variant that can be combined. */
    public static AlgebraSource ofVariant(String name, AdapterFactors adapter) {
        return new AlgebraSource(name, null, Objects.requireNonNull(adapter, "adapter"), null);
    }

    /** An adapter read from {@code folder}. */
    public static AlgebraSource ofFolder(Path folder, AdapterFactors adapter) {
        return new AlgebraSource(folder.toString(), folder, Objects.requireNonNull(adapter, "adapter"), null);
    }

    /** A source listed but not combinable, with the reason in one line. */
    public static AlgebraSource refused(String name, String reason) {
        return new AlgebraSource(name, null, null, Objects.requireNonNull(reason, "reason"));
    }

    public boolean combinable() {
        return refusal == null;
    }

    /** The reason it cannot be combined, if it cannot. */
    public Optional<String> whyNot() {
        return Optional.ofNullable(refusal);
    }
}
