package dev.lorabench.app;

import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.train.RunEnvironment;
import dev.lorabench.train.RunEnvironments;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The About dialog's text: lorabench, DJL, engine, JavaFX and Java versions. */
public final class AboutViewModel {

    private final TaskExecutor tasks;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");

    AboutViewModel(TaskExecutor tasks) {
        this.tasks = tasks;
    }

    /** Filled by {@link #load()}. */
    public ReadOnlyStringProperty textProperty() { return text.getReadOnlyProperty(); }

    /**
     * Fills {@link #textProperty()}; the engine is asked on the background executor (it may have
     * to start). The future completes with the full text.
     */
    public CompletableFuture<String> load() {
        String head = "LoRA Workbench " + RunEnvironments.lorabenchVersion();
        String tail = "JavaFX " + System.getProperty("javafx.version", "unknown") + "\nJava "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vendor", "") + ")";
        return BackgroundTask.wrap(() -> head + "\n" + engine() + "\n" + tail)
                .onRunning(() -> text.set(head + "\n" + tail + "\nEngine: looking up…"))
                .onSuccess(text::set)
                .executeWith(tasks);
    }

    private static String engine() {
        try {
            RunEnvironment env = RunEnvironments.current();
            return String.format(Locale.ROOT, "DJL %s\n%s engine %s (%d threads)", env.djl(), env.engine(),
                    env.engineVersion(), env.threads());
        } catch (RuntimeException | LinkageError e) {
            // A missing or broken native engine is what this line is there to tell.
            return "Engine unavailable: " + e.getMessage();
        }
    }
}
