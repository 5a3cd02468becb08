package dev.lorabench.analysis.stats;

import java.util.Objects;

/**
 * How a sentence names a metric and the direction of a difference in it: "3.2 fewer errors",
 * "0.012 higher test accuracy". Only words: which direction is better is for the reader.
 *
 * @param noun what is measured ("errors", "test accuracy")
 * @param more the word for a positive difference b − a ("more", "higher")
 * @param less the word for a negative difference ("fewer", "lower")
 */
public record Metric(String noun, String more, String less) {

    public Metric {
        Objects.requireNonNull(noun, "noun");
        Objects.requireNonNull(more, "more");
        Objects.requireNonNull(less, "less");
        if (noun.isBlank()) {
            throw new IllegalArgumentException("metric noun must not be blank");
        }
    }

    /** A count, such as test errors: "more"/"fewer". */
    public static Metric count(String noun) {
        return new Metric(noun, "more", "fewer");
    }

    /** A level, such as accuracy or loss: "higher"/"lower". */
    public static Metric level(String noun) {
        return new Metric(noun, "higher", "lower");
    }

    /** Test errors, per class or in total. */
    public static Metric errors() {
        return count("errors");
    }
}
