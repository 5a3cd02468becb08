package dev.lorabench.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The classes a fine-tune targets: chosen ones (e.g. 3, 6, 8) or the base's worst class.
 *
 * @param worst whether to pick the class the base gets wrong most often
 * @param classes the chosen classes, ascending, when not {@code worst}
 */
public record ClassSelection(boolean worst, List<Integer> classes) {

    public ClassSelection {
        classes = List.copyOf(new TreeSet<>(classes));
        if (!worst && classes.isEmpty()) {
            throw new PlanException(PlanField.CLASSES, "fine-tune classes must name at least one class");
        }
    }

    public static ClassSelection worstClass() {
        return new ClassSelection(true, List.of());
    }

    public static ClassSelection of(List<Integer> classes) {
        return new ClassSelection(false, classes);
    }

    /** Parses {@code worst} or a comma-separated list such as {@code 3,6,8}. */
    public static ClassSelection parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("worst")) {
            return worstClass();
        }
        return listOf(PlanField.CLASSES, text, "'worst' or numbers like 3,6,8");
    }

    /**
     * Parses the companion classes (a comma-separated list such as {@code 1,7}; "worst" is not one:
     * the companion task is chosen, not found); blank: none.
     */
    public static java.util.Optional<ClassSelection> parseCompanion(String text) {
        String t = text == null ? "" : text.trim();
        return t.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(listOf(PlanField.COMPANION_CLASSES, text, "numbers like 1,7"));
    }

    private static ClassSelection listOf(PlanField field, String text, String expected) {
        List<Integer> list = new ArrayList<>();
        for (String part : text.trim().split(",")) {
            try {
                list.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new PlanException(field, field.label() + " must be " + expected + " but was " + text);
            }
        }
        return of(list);
    }

    /** Checks every chosen class exists in a dataset of {@code numClasses} classes. */
    public void validate(int numClasses) {
        validate(numClasses, PlanField.CLASSES);
    }

    /** As {@link #validate(int)}, the message naming {@code field} (the fine-tune or companion classes). */
    public void validate(int numClasses, PlanField field) {
        String noun = field == PlanField.CLASSES ? "fine-tune class" : "companion class";
        for (int c : classes) {
            if (c < 0 || c >= numClasses) {
                throw new PlanException(field, noun + " must be in 0.." + (numClasses - 1) + " but was " + c);
            }
        }
    }

    @Override
    public String toString() {
        return worst ? "worst" : String.join(",", classes.stream().map(String::valueOf).toList());
    }
}
