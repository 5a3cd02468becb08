package dev.lorabench.train;

/** Adds up the step timings of a fit (for benchmarks); safe to feed from both of the loop's threads. */
final class StepTimes implements StepTimings {

    private long forward;
    private long backward;
    private long optimizer;
    private long data;
    private long steps;
    private long samples;

    @Override
    public synchronized void step(long forwardNanos, long backwardNanos, long optimizerNanos, int lanes, long samples) {
        forward += forwardNanos;
        backward += backwardNanos;
        optimizer += optimizerNanos;
        steps += lanes;
        this.samples += samples;
    }

    @Override
    public synchronized void data(long nanos) {
        data += nanos;
    }

    /** Adds another fit's totals. */
    synchronized void add(StepTimes other) {
        synchronized (other) {
            forward += other.forward;
            backward += other.backward;
            optimizer += other.optimizer;
            data += other.data;
            steps += other.steps;
            samples += other.samples;
        }
    }

    synchronized long forward() {
        return forward;
    }

    synchronized long backward() {
        return backward;
    }

    synchronized long optimizer() {
        return optimizer;
    }

    synchronized long steps() {
        return steps;
    }

    synchronized long samples() {
        return samples;
    }
}
