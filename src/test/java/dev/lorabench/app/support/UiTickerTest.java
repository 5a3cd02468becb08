package dev.lorabench.app.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The drain timer: ticks reach the UI executor only while started, one at a time. The "UI
 * executor" here is a queue the test empties by hand, so it decides when a tick runs.
 */
class UiTickerTest {

    private static final long MILLISECOND = 1_000_000L;

    private final BlockingQueue<Runnable> ui = new LinkedBlockingQueue<>();
    private final AtomicInteger actions = new AtomicInteger();
    private final UiTicker ticker = new UiTicker("ticker-test", MILLISECOND, ui::add, actions::incrementAndGet);

    @AfterEach
    void close() {
        ticker.close();
    }

    @Test
    void nothingTicksBeforeStart() throws InterruptedException {
        assertFalse(ticker.isTicking());
        // 50 intervals go by.
        assertNull(ui.poll(50, TimeUnit.MILLISECONDS));
    }

    @Test
    void aTickWaitingOnTheUiThreadHoldsBackTheNextOnes() throws InterruptedException {
        ticker.start();
        assertTrue(ticker.isTicking());
        Runnable first = ui.poll(10, TimeUnit.SECONDS);
        assertNotNull(first);
        // ~50 more intervals while the first tick waits: none of them is handed over.
        assertNull(ui.poll(50, TimeUnit.MILLISECONDS));
        assertEquals(0, actions.get(), "the action runs on the UI executor only");
        first.run();
        assertEquals(1, actions.get());
        // Once it ran, the ticks go on.
        Runnable second = ui.poll(10, TimeUnit.SECONDS);
        assertNotNull(second);
        second.run();
        assertEquals(2, actions.get());
    }

    @Test
    void stopEndsTheTicksAndStartResumesThem() throws InterruptedException {
        ticker.start();
        ui.poll(10, TimeUnit.SECONDS).run();
        ticker.stop();
        assertFalse(ticker.isTicking());
        // A tick handed over just before the stop may still come; after it, none.
        Runnable late = ui.poll(20, TimeUnit.MILLISECONDS);
        if (late != null) {
            late.run();
        }
        assertNull(ui.poll(50, TimeUnit.MILLISECONDS));
        ticker.start();
        assertNotNull(ui.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void afterCloseStartDoesNothing() throws InterruptedException {
        ticker.close();
        ticker.start();
        assertFalse(ticker.isTicking());
        assertNull(ui.poll(50, TimeUnit.MILLISECONDS));
    }

    @Test
    void refusesAnIntervalOfZero() {
        assertEquals("intervalNanos must be more than 0 but was 0", assertThrows(IllegalArgumentException.class,
                () -> new UiTicker("ticker-test", 0, ui::add, () -> { })).getMessage());
    }
}
