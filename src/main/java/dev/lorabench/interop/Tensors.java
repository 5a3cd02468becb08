package dev.lorabench.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.lorabench.data.DataException;
import dev.lorabench.data.Safetensors;
import java.util.Arrays;

/** Moving values between parameters and {@link Safetensors.Tensor}s. */
final class Tensors {

    private Tensors() {}

    static Safetensors.Tensor of(Parameter p) {
        return of(p.getArray());
    }

    static Safetensors.Tensor of(NDArray a) {
        float[] values = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
        return new Safetensors.Tensor(a.getShape().getShape(), values);
    }

    /** Checks a header entry against a parameter: floating dtype, same shape. */
    static void check(Safetensors.Reader file, String key, Parameter p) throws DataException {
        Safetensors.Entry e = file.entry(key);
        if (!e.dtype().isFloating()) {
            throw new DataException(file.shown() + ": tensor " + key + ": dtype " + e.dtype()
                    + " is not a floating type (F32, F16, BF16 or F64)");
        }
        long[] want = p.getArray().getShape().getShape();
        if (!Arrays.equals(e.shape(), want)) {
            throw new DataException(file.shown() + ": tensor " + key + ": shape " + Arrays.toString(e.shape())
                    + " does not match the model's " + Arrays.toString(want));
        }
    }

    /** Copies the tensor's values into the parameter's array (shapes already checked). */
    static void copy(Safetensors.Reader file, String key, Parameter p) throws DataException {
        Safetensors.Tensor t = file.read(key);
        NDArray target = p.getArray();
        try (NDManager scratch = target.getManager().newSubManager()) {
            NDArray source = scratch.create(t.values(), new Shape(t.shape()));
            source.copyTo(target);
        }
    }
}
