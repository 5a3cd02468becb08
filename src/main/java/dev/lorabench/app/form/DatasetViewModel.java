package dev.lorabench.app.form;

import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.Coalescer;
import dev.lorabench.app.support.LatestWins;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.data.DataException;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.DatasetSpec;
import dev.lorabench.data.DatasetState;
import dev.lorabench.data.DatasetStatus;
import dev.lorabench.data.FetchProgress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Dataset panel's cache status and the Fetch command. Status checks and fetches run as
 * {@link BackgroundTask}s on the background executor; results come back through the UI executor,
 * and only the latest cache check is shown.
 */
public final class DatasetViewModel {

    private record Progress(String phase, double fraction) {}

    /** Gets a built-in dataset into the cache; {@link DatasetCache#fetch} in the app, a stand-in in tests. */
    @FunctionalInterface
    public interface Fetcher {
        DatasetStatus fetch(DatasetSpec spec, Path fromDir, FetchProgress progress) throws DataException;
    }

    /**
     * How a fetch ended: {@code ok} with the cache's status line, or not with the reason.
     */
    public record Fetched(boolean ok, String message) {}

    private final TaskExecutor tasks;
    private final DatasetCache cache;
    private final Fetcher fetcher;
    private final Supplier<UserPrompts> prompts;

    private final ReadOnlyObjectWrapper<DatasetState> state = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper fetchable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper fetching = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper fetchProgress = new ReadOnlyDoubleWrapper(0);
    private final LatestWins checks = new LatestWins();
    private DatasetChoice choice = DatasetChoice.MNIST;
    private CompletableFuture<Fetched> inFlight;

    public DatasetViewModel(Executor background, Executor ui, DatasetCache cache, Supplier<UserPrompts> prompts) {
        this(background, ui, cache, cache::fetch, prompts);
    }

    public DatasetViewModel(Executor background, Executor ui, DatasetCache cache, Fetcher fetcher,
            Supplier<UserPrompts> prompts) {
        this.tasks = new TaskExecutor(background, ui);
        this.cache = cache;
        this.fetcher = fetcher;
        this.prompts = prompts;
    }

    /** CACHED, MISSING, CORRUPT for built-ins; null while unknown or for other choices. */
    public ReadOnlyObjectProperty<DatasetState> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusTextProperty() { return statusText.getReadOnlyProperty(); }
    /** Whether Fetch makes sense now (a built-in that is not cached, no fetch running). */
    public ReadOnlyBooleanProperty fetchableProperty() { return fetchable.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty fetchingProperty() { return fetching.getReadOnlyProperty(); }
    /** 0..1, or -1 when unknown. */
    public ReadOnlyDoubleProperty fetchProgressProperty() { return fetchProgress.getReadOnlyProperty(); }

    public DatasetChoice choice() {
        return choice;
    }

    /** Re-checks the cache for a choice (the check runs in the background). */
    public void refresh(DatasetChoice newChoice, String idxFolder) {
        choice = newChoice;
        var ticket = checks.next();
        DatasetSpec spec = newChoice.spec();
        if (spec == null) {
            state.set(null);
            fetchable.set(false);
            statusText.set(newChoice == DatasetChoice.SYNTHETIC
                    ? "Generated in memory; nothing to fetch."
                    : (idxFolder == null || idxFolder.isBlank()
                            ? (newChoice == DatasetChoice.IMAGE_FOLDER
                                    ? "Choose a folder with one sub-folder of images per class."
                                    : "Choose a folder with the four IDX files (raw or .gz).")
                            : "Read from " + idxFolder));
            return;
        }
        state.set(null);
        fetchable.set(false);
        BackgroundTask.wrap(() -> cache.status(spec))
                .dropUnless(ticket)
                .onRunning(() -> statusText.set("Checking the cache…"))
                .onSuccess(this::show)
                .onFailure(error -> statusText.set("Cache check failed: " + error.getMessage()))
                .executeWith(tasks);
    }

    private void show(DatasetStatus status) {
        state.set(status.state());
        fetchable.set(status.state() != DatasetState.CACHED && !fetching.get());
        String label = switch (status.state()) {
            case CACHED -> "Cached";
            case MISSING -> "Not downloaded";
            case CORRUPT -> "Incomplete or changed";
        };
        statusText.set(label + " — " + status.detail());
    }

    /** Fetches the current built-in dataset into the cache from its usual source. */
    public CompletableFuture<Fetched> fetch() {
        return fetch(null);
    }

    /**
     * Fetches the current built-in dataset into the cache, from {@code fromDir} (a folder with
     * its four IDX files, raw or .gz) or, when null, from its usual source. The future completes
     * through the UI executor once the fetch has ended, either way, and the panel's state shows
     * the outcome; a fetch already running is the one returned.
     */
    public CompletableFuture<Fetched> fetch(Path fromDir) {
        DatasetSpec spec = choice.spec();
        if (fetching.get() && inFlight != null) {
            return inFlight;
        }
        if (spec == null) {
            return CompletableFuture.completedFuture(new Fetched(false, choice + " is not fetched"));
        }
        CompletableFuture<Fetched> done = new CompletableFuture<>();
        inFlight = done;
        fetching.set(true);
        fetchable.set(false);
        fetchProgress.set(-1);
        statusText.set("Fetching " + spec.displayName() + "…");
        Coalescer<Progress> progress = new Coalescer<>(tasks.ui(), p -> {
            if (fetching.get()) {
                fetchProgress.set(p.fraction());
                statusText.set("Fetching: " + p.phase());
            }
        });
        DatasetChoice fetched = choice;
        BackgroundTask.wrap(() -> fetcher.fetch(spec, fromDir, (phase, fraction) -> progress.offer(new Progress(phase, fraction))))
                .onSuccess(status -> ended(fetched, status, null, done))
                .onFailure(error -> ended(fetched, null, error, done))
                .executeWith(tasks);
        return done;
    }

    /** A fetch of {@code fetched} ended (on the UI executor): show the outcome, then complete {@code done}. */
    private void ended(DatasetChoice fetched, DatasetStatus status, Throwable error, CompletableFuture<Fetched> done) {
        fetching.set(false);
        fetchProgress.set(error == null ? 1 : 0);
        if (error != null) {
            prompts.get().showError("Fetch failed", error.getMessage());
        }
        if (choice == fetched) {
            if (error == null && status != null) {
                checks.supersede(); // a cache check still under way is older than this
                show(status);
            } else {
                refresh(choice, null);
            }
        }
        inFlight = null;
        done.complete(error == null
                ? new Fetched(true, status == null ? "" : status.detail())
                : new Fetched(false, String.valueOf(error.getMessage())));
    }
}
