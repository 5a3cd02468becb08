package dev.lorabench.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code --rank-pattern} / {@code --alpha-pattern} spelling of per-layer ranks and α (PEFT's
 * {@code rank_pattern} / {@code alpha_pattern}): {@code PATH=VALUE,…}, e.g. {@code 0=8,2=4}, where
 * PATH is a layer's module name as the workbench and PEFT write it ({@code 0}, {@code features.0}).
 * Whether a path names a targeted layer is checked against the model before a run.
 */
public final class LayerPatterns {

    private LayerPatterns() {}

    /**
     * Layer path → rank; empty for blank text.
     *
     * @throws PlanException naming {@link PlanField#RANK_PATTERN} and the bad entry
     */
    public static Map<String, Integer> ranks(String text) {
        return values(PlanField.RANK_PATTERN, text, Integer::valueOf, r -> r >= 1, "a whole number, at least 1");
    }

    /**
     * Layer path → α; empty for blank text.
     *
     * @throws PlanException naming {@link PlanField#ALPHA_PATTERN} and the bad entry
     */
    public static Map<String, Float> alphas(String text) {
        return values(PlanField.ALPHA_PATTERN, text, Float::valueOf, a -> a > 0 && Float.isFinite(a),
                "a positive finite number");
    }

    private static <T> Map<String, T> values(PlanField field, String text, Function<String, T> read, Predicate<T> ok,
            String expected) {
        Map<String, T> out = new TreeMap<>();
        entries(field, text).forEach((path, value) -> {
            T v;
            try {
                v = read.apply(value);
            } catch (NumberFormatException e) {
                v = null;
            }
            if (v == null || !ok.test(v)) {
                throw new PlanException(field, field.label() + " of layer " + path + " must be " + expected
                        + " but was " + value);
            }
            out.put(path, v);
        });
        return out;
    }

    /** The pattern as {@link #ranks} / {@link #alphas} read it back, paths sorted: {@code 0=8,2=4}. */
    public static String format(Map<String, ? extends Number> pattern) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(pattern).forEach((path, v) -> parts.add(path + "=" + FieldText.format(v)));
        return String.join(",", parts);
    }

    private static Map<String, String> entries(PlanField field, String text) {
        Map<String, String> out = new TreeMap<>();
        for (String entry : (text == null ? "" : text).split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            String path = eq < 0 ? "" : e.substring(0, eq).trim();
            if (path.isEmpty() || eq == e.length() - 1) {
                throw new PlanException(field, field.label() + " entry must be PATH=VALUE (e.g. 0=8) but was '" + e + "'");
            }
            if (out.put(path, e.substring(eq + 1).trim()) != null) {
                throw new PlanException(field, field.label() + " names layer " + path + " twice in '" + text + "'");
            }
        }
        return out;
    }
}
