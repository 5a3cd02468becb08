package dev.lorabench.train;

/**
 * Hears how long each part of a training step took (for benchmarks). Called from the thread that
 * stepped, which may be the fit loop's second thread: implementations must be thread-safe.
 */
interface StepTimings {

    StepTimings NONE = new StepTimings() {
        @Override
        public void step(long forwardNanos, long backwardNanos, long optimizerNanos, int lanes, long samples) {}

        @Override
        public void data(long nanos) {}
    };

    /** One stepper's step: forward (loss included), backward and optimizer time, for {@code lanes} lanes. */
    void step(long forwardNanos, long backwardNanos, long optimizerNanos, int lanes, long samples);

    /** Time spent gathering a batch. */
    void data(long nanos);
}
