package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Samples moved into the engine once, on their own manager: the data lives in native memory a
 * single time and batches are taken as slices of it.
 */
final class TensorSet implements AutoCloseable {

    private final NDManager manager;
    private final NDArray x;
    private final NDArray y;
    private final int count;

    private TensorSet(NDManager manager, NDArray x, NDArray y, int count) {
        this.manager = manager;
        this.x = x;
        this.y = y;
        this.count = count;
    }

    static TensorSet of(NDManager parent, Samples s) {
        NDManager m = parent.newSubManager();
        int n = s.count();
        NDArray x = m.create(s.x(), new Shape(n, s.features()));
        NDArray y =
                s.isRegression()
                        ? m.create(s.targets(), new Shape(n, s.targetWidth()))
                        : m.create(s.labels(), new Shape(n)).toType(ai.djl.ndarray.types.DataType.INT64, false);
        return new TensorSet(m, x, y, n);
    }

    NDArray x() {
        return x;
    }

    NDArray y() {
        return y;
    }

    int count() {
        return count;
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
