package dev.lorabench.app.form;

import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.LatestWins;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.model.Architecture;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Model panel's parameter count of the chosen architecture, counted once per architecture in
 * the background (building a model takes a moment); only the latest choice's count is shown.
 */
public final class ParameterCountViewModel {

    private final TaskExecutor tasks;
    private final ToLongFunction<Architecture> counter;
    private final Map<Architecture, Long> counts = new EnumMap<>(Architecture.class);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final LatestWins requests = new LatestWins();

    public ParameterCountViewModel(TaskExecutor tasks, ToLongFunction<Architecture> counter) {
        this.tasks = tasks;
        this.counter = counter;
    }

    /** E.g. "2,807,010 parameters". */
    public ReadOnlyStringProperty textProperty() { return text.getReadOnlyProperty(); }

    /** The count of an architecture once known, else 0. */
    public long known(Architecture architecture) {
        return counts.getOrDefault(architecture, 0L);
    }

    /** Shows the count of {@code architecture}, counting it first if it is new. */
    public void count(Architecture architecture) {
        var ticket = requests.next();
        Long known = counts.get(architecture);
        if (known != null) {
            text.set(format(known));
            return;
        }
        // Not dropUnless: a count that arrives late is still worth keeping for the next time.
        BackgroundTask.wrap(() -> counter.applyAsLong(architecture))
                .onRunning(() -> text.set("counting parameters…"))
                .onSuccess(n -> {
                    counts.put(architecture, n);
                    if (ticket.getAsBoolean()) {
                        text.set(format(n));
                    }
                })
                .onFailure(error -> {
                    if (ticket.getAsBoolean()) {
                        text.set("parameter count unavailable");
                    }
                })
                .executeWith(tasks);
    }

    private static String format(long n) {
        return String.format(Locale.ROOT, "%,d parameters", n);
    }
}
