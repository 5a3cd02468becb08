package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.nio.FloatBuffer;

/**
 * Overwrites an array's values in its own memory.
 *
 * <p>{@code NDArray.set(float[])} copies the values into a new direct buffer and makes the tensor
 * keep that buffer; the buffer it replaces is only freed when the garbage collector gets to it.
 * Done in a loop over multi-megabyte weights (the truncation curve sets three layers sixteen
 * times) that grew the process by ~250 MB of native memory waiting for a GC. A tensor whose own
 * memory can be viewed ({@link TensorMemory}) is written through that view instead: no allocation
 * at all; any other (a strided view, say) by an indexed assignment, which writes through its strides.
 */
final class TensorWrites {

    private TensorWrites() {}

    static void overwrite(NDArray array, float[] values) {
        if (values.length != array.size()) {
            throw new IllegalArgumentException(
                    "expected " + array.size() + " values for shape " + array.getShape() + " but got " + values.length);
        }
        FloatBuffer own = TensorMemory.floats(array);
        if (own != null) {
            own.put(0, values);
            return;
        }
        writeThroughStrides(array, values);
    }

    /**
     * Writes {@code values} (row-major) into the array's own storage, whatever its strides, with an
     * indexed assignment. ({@code NDArray.set(float[])} would give a strided view new storage of
     * its own instead, detaching it from the tensor it views.)
     */
    static void writeThroughStrides(NDArray array, float[] values) {
        try (NDArray source = array.getManager().create(values, array.getShape())) {
            array.set(new NDIndex("..."), source);
        }
    }
}
