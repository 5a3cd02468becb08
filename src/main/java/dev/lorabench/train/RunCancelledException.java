package dev.lorabench.train;

/** Thrown inside a run when its cancel flag is seen; the run ends with RunCancelled. */
final class RunCancelledException extends RuntimeException {
    RunCancelledException() {
        super("cancelled", null, false, false);
    }
}
