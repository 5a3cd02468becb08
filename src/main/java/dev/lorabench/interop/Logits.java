package dev.lorabench.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** Inference outputs of a block for rows held in Java memory. */
public final class Logits {

    private Logits() {}

    /** The block's outputs (inference mode) for {@code rows} rows of {@code features} values. */
    public static float[] of(Block block, float[] x, int rows, int features) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = manager.create(x, new Shape(rows, features));
            NDArray out = block.forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow();
            return out.toFloatArray();
        }
    }
}
