package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradient recording for the calling thread only, so that two lanes of a lockstep sweep can run
 * their forward and backward on two threads at once.
 *
 * <p>PyTorch keeps its grad mode per thread, but DJL's {@code GradientCollector} allows a single
 * collector in the whole process (a static flag). The lane that steps beside the others uses
 * DJL's collector; the stacked LoRA lanes use this scope, which does what that collector does
 * (switch grad mode on, back-propagate from a scalar with a gradient of one, restore the mode)
 * without the process-wide flag.
 */
final class ThreadGradients implements AutoCloseable {

    private final boolean previous;

    ThreadGradients() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Accumulates d(target)/d(x) into every array that records a gradient. */
    void backward(NDArray target) {
        try (NDArray ones = target.onesLike()) {
            JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
        }
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }

}
