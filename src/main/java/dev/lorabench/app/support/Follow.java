package dev.lorabench.app.support;

import java.util.function.Consumer;
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
}
