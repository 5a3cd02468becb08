package dev.lorabench.train;

import ai.djl.pytorch.jni.JniUtils;

/** The engine's intra-op thread count, as the calling thread sees it. */
final class EngineThreads {

    private EngineThreads() {}

    /**
     * Sets the engine's intra-op threads for the calling thread (PyTorch keeps the OpenMP team
     * size per thread) and returns the count it had. Two lanes stepping side by side on two cores
     * run fastest with one thread each: measured in docs/benchmarks.md.
     */
    static int intraOp(int threads) {
        int previous = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        return previous;
    }
}
