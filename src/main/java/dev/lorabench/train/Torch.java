package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Everything lorabench asks of PyTorch itself, through DJL's JNI, rather than of DJL's
 * engine-neutral API: grad mode, a backward pass on the calling thread alone, and the engine's
 * thread counts. Kept in one place so that another engine would change one file.
 */
final class Torch {

    private Torch() {}

    /**
     * Switches gradient recording for the calling thread. PyTorch keeps it per thread: off on the
     * engine's start-up thread, on in new native threads, so evaluation on a worker thread must
     * switch it off itself.
     */
    static void gradMode(boolean on) {
        JniUtils.setGradMode(on);
    }

    /**
     * Sets the engine's intra-op threads for the calling thread (PyTorch keeps the OpenMP team
     * size per thread) and returns the count it had. Two lanes stepping side by side on two cores
     * run fastest with one thread each: measured in docs/benchmarks.md.
     */
    static int intraOpThreads(int threads) {
        int previous = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        return previous;
    }

    static int intraOpThreads() {
        return JniUtils.getNumThreads();
    }

    static int interOpThreads() {
        return JniUtils.getNumInteropThreads();
    }

    /**
     * Gradient recording for the calling thread only, so that two lanes of a lockstep sweep can
     * run their forward and backward on two threads at once.
     *
     * <p>DJL's {@code GradientCollector} allows a single collector in the whole process (a static
     * flag). The lanes that step beside the others use DJL's collector; the stacked LoRA lanes use
     * this scope, which does what that collector does (switch grad mode on, back-propagate from a
     * scalar with a gradient of one, restore the mode) without the process-wide flag.
     */
    static final class ThreadGradients implements AutoCloseable {

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
}
