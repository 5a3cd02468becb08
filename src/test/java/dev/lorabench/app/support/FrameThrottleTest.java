package dev.lorabench.app.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The redraw cap, on a clock stepped by hand. */
class FrameThrottleTest {

    private final AtomicLong now = new AtomicLong(5_000);
    private final FrameThrottle frames = new FrameThrottle(250, now::get);

    @Test
    void firstFrameIsDueThenOnePerInterval() {
        assertTrue(frames.due());
        now.addAndGet(100);
        assertFalse(frames.due());
        now.addAndGet(149); // 249 since the frame
        assertFalse(frames.due());
        now.addAndGet(1); // 250
        assertTrue(frames.due());
        // Counted from the frame that was due (5,250), not from the refused asks.
        now.set(5_499);
        assertFalse(frames.due());
        now.set(5_500);
        assertTrue(frames.due());
    }

    @Test
    void tenAsksASecondGiveFourFramesASecondAt250Ms() {
        FrameThrottle live = new FrameThrottle(250_000_000L, now::get);
        int frames = 0;
        for (int tick = 0; tick < 10; tick++) { // one second of the window's 100 ms drains
            if (live.due()) {
                frames++;
            }
            now.addAndGet(100_000_000L);
        }
        // Due at 0, 300, 600 and 900 ms: each the first ask at least 250 ms after the last frame.
        assertEquals(4, frames);
    }

    @Test
    void resetMakesTheNextFrameDue() {
        assertTrue(frames.due());
        now.addAndGet(10);
        frames.reset();
        assertTrue(frames.due());
        assertFalse(frames.due());
    }

    @Test
    void refusesANegativeInterval() {
        assertEquals("intervalNanos must be at least 0 but was -1",
                assertThrows(IllegalArgumentException.class, () -> new FrameThrottle(-1, now::get)).getMessage());
    }
}
