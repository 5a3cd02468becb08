package dev.lorabench.analysis.stats;

import java.util.Objects;

/** What a comparison is about: the whole test set, or one class. */
public sealed interface Scope {

    /** The whole test set (e.g. accuracy or total errors). */
    Scope OVERALL = new Overall();

    /** One class, by its index in the dataset and its name. */
    static Scope ofClass(int index, String name) {
        return new OfClass(index, name);
    }

    /** The phrase a sentence uses: "overall", "on class 4", "on class 5 (Sandal)". */
    String phrase();

    record Overall() implements Scope {
        @Override
        public String phrase() {
            return "overall";
        }
    }

    /** A class; a name that is just the index (MNIST's digits) is not repeated. */
    record OfClass(int index, String name) implements Scope {
        public OfClass {
            Objects.requireNonNull(name, "name");
            if (index < 0) {
                throw new IllegalArgumentException("class index must be ≥ 0 but was " + index);
            }
        }

        @Override
        public String phrase() {
            return name.equals(Integer.toString(index)) || name.isBlank()
                    ? "on class " + index
                    : "on class " + index + " (" + name + ")";
        }
    }
}
