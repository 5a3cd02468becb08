package dev.lorabench.data;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the heap by the calling thread, for tests that check a reader allocates by
 * the data present and not by what a header claims: a count, not a timing, so it is
 * deterministic enough to compare with a bound far below the claimed size.
 */
final class Allocations {

    private Allocations() {}

    /** The calling thread's allocated bytes so far (HotSpot's per-thread counter). */
    static long ofThisThread() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread");
        }
        return threads.getCurrentThreadAllocatedBytes();
    }
}
