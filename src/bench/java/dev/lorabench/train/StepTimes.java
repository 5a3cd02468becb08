package dev.lorabench.train;

/**
 * Adds up the step timings of a fit (for benchmarks); safe to feed from both of the loop's threads.
 * The sums are one immutable {@link Totals} value, replaced on each report.
 */
final class StepTimes implements StepTimings {

    /** Summed nanoseconds per part of a step, the lane-steps taken and the samples seen. */
    record Totals(long forward, long backward, long optimizer, long data, long steps, long samples) {
        static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

        Totals plus(Totals o) {
            return new Totals(forward + o.forward, backward + o.backward, optimizer + o.optimizer,
                    data + o.data, steps + o.steps, samples + o.samples);
        }
    }

    private Totals totals = Totals.ZERO;

    @Override
    public synchronized void step(long forwardNanos, long backwardNanos, long optimizerNanos, int lanes, long samples) {
        totals = totals.plus(new Totals(forwardNanos, backwardNanos, optimizerNanos, 0, lanes, samples));
    }

    @Override
    public synchronized void data(long nanos) {
        totals = totals.plus(new Totals(0, 0, 0, nanos, 0, 0));
    }

    /** Adds another fit's totals. */
    synchronized void add(StepTimes other) {
        totals = totals.plus(other.totals());
    }

    synchronized Totals totals() {
        return totals;
    }
}
