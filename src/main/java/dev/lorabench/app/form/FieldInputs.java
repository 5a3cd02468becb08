package dev.lorabench.app.form;

import dev.lorabench.plan.PlanField;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;

/** The simple {@link FieldInput}s: a text field, a check box, a choice. */
final class FieldInputs {

    private FieldInputs() {}

    /** A text field whose text {@link PlanField#parse parses} to the value. */
    static FieldInput text(PlanField field, StringProperty text) {
        return new FieldInput() {
            @Override public List<Observable> observables() { return List.of(text); }
            @Override public Object value() { return field.parse(text.get()); }
            @Override public void show(Object value) { text.set(field.format(value)); }
            @Override public void save(Properties props, String prefix, List<String> keys) {
                props.setProperty(prefix + keys.get(0), text.get());
            }
            @Override public void load(Properties props, String prefix, List<String> keys) {
                ifSaved(props, prefix + keys.get(0), text::set);
            }
        };
    }

    /** A check box. */
    static FieldInput flag(BooleanProperty flag) {
        return new FieldInput() {
            @Override public List<Observable> observables() { return List.of(flag); }
            @Override public Object value() { return flag.get(); }
            @Override public void show(Object value) { flag.set((Boolean) value); }
            @Override public void save(Properties props, String prefix, List<String> keys) {
                props.setProperty(prefix + keys.get(0), String.valueOf(flag.get()));
            }
            @Override public void load(Properties props, String prefix, List<String> keys) {
                ifSaved(props, prefix + keys.get(0), v -> flag.set(Boolean.parseBoolean(v)));
            }
        };
    }

    /**
     * A choice among values of type {@code T}, kept as the field's text ({@code toText}); a saved
     * text that {@code fromText} refuses (IllegalArgumentException) keeps the current choice.
     */
    static <T> FieldInput choice(ObjectProperty<T> choice, Function<T, String> toText, Function<String, T> fromText) {
        return new FieldInput() {
            @Override public List<Observable> observables() { return List.of(choice); }
            @Override public Object value() { return toText.apply(choice.get()); }
            @Override public void show(Object value) { choice.set(fromText.apply((String) value)); }
            @Override public void save(Properties props, String prefix, List<String> keys) {
                props.setProperty(prefix + keys.get(0), toText.apply(choice.get()));
            }
            @Override public void load(Properties props, String prefix, List<String> keys) {
                ifSaved(props, prefix + keys.get(0), v -> choice.set(fromText.apply(v)));
            }
        };
    }

    /**
     * Hands the saved value under {@code key} to {@code set}; a missing value, or one {@code set}
     * refuses with an IllegalArgumentException (an unknown choice), keeps the entry as it is.
     */
    static void ifSaved(Properties props, String key, Consumer<String> set) {
        String v = props.getProperty(key);
        if (v != null) {
            try {
                set.accept(v);
            } catch (IllegalArgumentException e) {
                // keep the current entry
            }
        }
    }
}
