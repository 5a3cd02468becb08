package dev.lorabench.train;

import java.util.concurrent.atomic.AtomicBoolean;

/** The state a running experiment shares with its parts: listener, cancel flag, progress. */
final class RunContext {

    private final TrainingListener listener;
    private final AtomicBoolean cancelled;
    private long totalSteps;
    private long doneSteps;
    private long firstStepNanos;
    // What the ΔW lab gathers over the variants; per run, so one runner can serve several runs.
    private final LabCollector lab = new LabCollector();
    private dev.lorabench.analysis.TruncationCurve truncation;

    RunContext(TrainingListener listener, AtomicBoolean cancelled, long totalSteps) {
        this.listener = listener;
        this.cancelled = cancelled;
        this.totalSteps = totalSteps;
    }

    LabCollector lab() {
        return lab;
    }

    /** The full fine-tune's rank-k truncation curve, once measured (null before, or without one). */
    dev.lorabench.analysis.TruncationCurve truncation() {
        return truncation;
    }

    void setTruncation(dev.lorabench.analysis.TruncationCurve truncation) {
        this.truncation = truncation;
    }

    /** Re-estimates the run's length once the fine-tune set is known. */
    void setTotalSteps(long totalSteps) {
        this.totalSteps = totalSteps;
    }

    long totalSteps() {
        return totalSteps;
    }

    void emit(TrainingEvent event) {
        listener.on(event);
    }

    /** Reports something the run works around, in one line. */
    void warn(String message) {
        emit(new TrainingEvent.Warning(message));
    }

    /** Throws if a cancel was asked for; called between steps and evaluation batches. */
    void checkCancelled() {
        // An interrupt (an executor shut down under the run) cancels too, at the same safe point.
        if (cancelled.get() || Thread.currentThread().isInterrupted()) {
            throw new RunCancelledException();
        }
    }

    /** Counts one optimizer step and reports progress with an ETA from the rate so far. */
    void stepDone() {
        long now = System.nanoTime();
        if (doneSteps == 0) {
            firstStepNanos = now;
        }
        doneSteps++;
        double eta = Double.NaN;
        if (doneSteps > 1) {
            double perStep = (now - firstStepNanos) / 1e9 / (doneSteps - 1);
            eta = perStep * Math.max(0, totalSteps - doneSteps);
        }
        emit(new TrainingEvent.Progress(doneSteps, totalSteps, eta));
    }
}
