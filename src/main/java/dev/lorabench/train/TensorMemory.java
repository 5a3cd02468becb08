package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A float view of a tensor's own memory, for writing weights in place.
 *
 * <p>{@code NDArray.toByteBuffer(true)} wraps a CPU tensor's memory only when the tensor is
 * contiguous; for a strided view (a transpose, a slice with a step) the PyTorch engine makes a
 * contiguous copy and returns a direct buffer over <em>that</em>, so "the buffer is direct" proves
 * nothing and writes to it would be lost. DJL exposes no contiguity test, so this asks the
 * question that matters directly: two views are taken, and a value written through the first must
 * be read back through the second (copies never alias; the tensor's own memory always does). The
 * probe flips one element's bits and restores them before returning.
 */
final class TensorMemory {

    private TensorMemory() {}

    /**
     * The tensor's own memory as floats in row-major order, or null when it cannot be viewed in
     * place (not float32, on a GPU, empty, or strided). Probing a strided tensor leaves two
     * contiguous copies with the tensor's manager, so callers remember a null answer.
     */
    static FloatBuffer floats(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32 || array.getDevice().isGpu() || array.size() == 0) {
            return null;
        }
        ByteBuffer first = array.toByteBuffer(true).order(ByteOrder.nativeOrder());
        if (!first.isDirect()) {
            return null;
        }
        ByteBuffer second = array.toByteBuffer(true).order(ByteOrder.nativeOrder());
        int bits = first.getInt(0);
        first.putInt(0, ~bits);
        boolean aliased = second.getInt(0) == ~bits;
        first.putInt(0, bits);
        return aliased ? first.asFloatBuffer() : null;
    }
}
