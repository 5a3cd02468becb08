package dev.lorabench.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads and writes a {@link PlanField}'s value as text, with one-line messages naming the field. */
final class FieldText {

    private FieldText() {}

    static Object parse(PlanField field, String text) {
        String t = text == null ? "" : text.trim();
        if (field.type() == List.class) {
            List<Object> values = new ArrayList<>();
            for (String part : t.split(",")) {
                if (!part.isBlank()) {
                    values.add(scalar(field, field.element(), part.trim(), text));
                }
            }
            return List.copyOf(values);
        }
        return scalar(field, field.type(), t, text);
    }

    static Object parseOne(PlanField field, String text) {
        Class<?> type = field.type() == List.class ? field.element() : field.type();
        return scalar(field, type, text == null ? "" : text.trim(), text);
    }

    private static Object scalar(PlanField field, Class<?> type, String t, String original) {
        try {
            if (type == Integer.class) {
                return Integer.parseInt(t);
            }
            if (type == Long.class) {
                return Long.parseLong(t);
            }
            if (type == Float.class) {
                return (float) Double.parseDouble(t);
            }
            if (type == Double.class) {
                return Double.parseDouble(t);
            }
        } catch (NumberFormatException e) {
            boolean whole = type == Integer.class || type == Long.class;
            throw new PlanException(field, field.label() + " must be " + (whole ? "a whole number" : "a number")
                    + " but was '" + original + "'");
        }
        if (type == Boolean.class) {
            return Boolean.parseBoolean(t);
        }
        if (type == Path.class) {
            return t.isEmpty() ? null : Path.of(t);
        }
        return t;
    }

    static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(format(v)));
            return String.join(",", parts);
        }
        if (value instanceof Float || value instanceof Double) {
            return number(((Number) value).doubleValue());
        }
        return value.toString();
    }

    /** A decimal as people write it: 0.001, not 0.0010000000474974513 (a float widened). */
    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        return s.contains("e") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
