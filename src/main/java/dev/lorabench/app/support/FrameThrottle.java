package dev.lorabench.app.support;

import java.util.function.LongSupplier;

/**
 * At most one frame per interval of a monotonic clock: a live chart asks {@link #due()} before it
 * redraws. The clock is injected (nanoseconds; {@code System::nanoTime} in the app), so tests step
 * it by hand. Not thread-safe: ask from one thread (the FX thread).
 */
public final class FrameThrottle {

    private final long intervalNanos;
    private final LongSupplier clock;
    private boolean drawn;
    private long last;

    /**
     * @param intervalNanos the least time between two frames, at least 0 (0: every frame is due)
     * @param clock monotonic nanoseconds
     */
    public FrameThrottle(long intervalNanos, LongSupplier clock) {
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("intervalNanos must be at least 0 but was " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    /**
     * Whether a frame may be drawn now: the first one always, later ones once the interval has
     * passed since the last frame that was due. A due frame counts as drawn at the clock's now.
     */
    public boolean due() {
        long now = clock.getAsLong();
        if (drawn && now - last < intervalNanos) {
            return false;
        }
        drawn = true;
        last = now;
        return true;
    }

    /** Forgets the last frame: the next {@link #due()} is true (e.g. a new run starts). */
    public void reset() {
        drawn = false;
    }
}
