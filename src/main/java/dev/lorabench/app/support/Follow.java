package dev.lorabench.app.support;

import java.util.function.Consumer;
import java.util.function.Function;
import javafx.scene.control.Spinner;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * UI state that follows a view-model where a binding cannot: applied from the current state at
 * once, then again on each change. A listener alone would leave a control empty until the next
 * change, and the analysis tabs are built when first shown (AnalysisTabs.lazyTab), often after
 * their run was loaded.
 */
public final class Follow {

    private Follow() {}

    /** Calls {@code apply} with {@code value}'s current value now and with each new one. */
    public static <T> void value(ObservableValue<T> value, Consumer<? super T> apply) {
        value.addListener((obs, was, now) -> apply.accept(now));
        apply.accept(value.getValue());
    }

    /** Runs {@code update} now and after each change of any of {@code values}. */
    public static void values(Runnable update, ObservableValue<?>... values) {
        for (ObservableValue<?> v : values) {
            v.addListener((obs, was, now) -> update.run());
        }
        update.run();
    }

    /** Runs {@code update} now and after each change of {@code list}. */
    public static void list(ObservableList<?> list, Runnable update) {
        list.addListener((ListChangeListener<Object>) change -> update.run());
        update.run();
    }

    /**
     * Keeps {@code spinner} and a view-model number in step both ways: the spinner's values are
     * written with {@code set}, then the spinner follows {@code value}. In that order, so that a
     * value outside the spinner's range is clamped by the spinner and the clamp written back.
     */
    public static <T> void spinner(Spinner<T> spinner, ObservableValue<? extends Number> value, Consumer<T> set,
            Function<Number, T> convert) {
        spinner.getValueFactory().valueProperty().addListener((obs, was, now) -> {
            if (now != null) {
                set.accept(now);
            }
        });
        value(value, now -> spinner.getValueFactory().setValue(convert.apply(now)));
    }
}
