package dev.lorabench.app.support;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * "Latest wins" for the answers of background calls: each request supersedes the ones before it,
 * and a {@link BackgroundTask} guarded by an older ticket drops its answer when it arrives. Take
 * tickets on the FX thread; a ticket may be checked on any thread.
 */
public final class LatestWins {

    private final AtomicLong latest = new AtomicLong();

    /** A new request: every ticket handed out before this one stops being wanted. */
    public BooleanSupplier next() {
        long mine = latest.incrementAndGet();
        return () -> latest.get() == mine;
    }

    /** A ticket for the request in force, superseding nothing (work that belongs to the present selection). */
    public BooleanSupplier current() {
        long mine = latest.get();
        return () -> latest.get() == mine;
    }

    /** Drops every answer still under way (e.g. the selection changed). */
    public void supersede() {
        latest.incrementAndGet();
    }
}
