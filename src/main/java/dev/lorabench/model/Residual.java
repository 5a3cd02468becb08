package dev.lorabench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A residual block: relu(main(x) + shortcut(x)), with an identity shortcut when none is given.
 * Both paths are {@link Seq}s, so LoRA injection can reach the convolutions inside.
 */
public final class Residual extends AbstractBlock {

    private final Seq main;
    private final Seq shortcut;

    @SuppressWarnings("this-escape")
    public Residual(Seq main, Seq shortcut) {
        super((byte) 1);
        this.main = addChildBlock("main", main);
        this.shortcut = shortcut == null ? null : addChildBlock("downsample", shortcut);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = main.forward(store, inputs, training, params).singletonOrThrow();
        NDArray skip =
                shortcut == null ? x : shortcut.forward(store, inputs, training, params).singletonOrThrow();
        NDArray sum = y.add(skip);
        NDArray out = Activation.relu(sum);
        if (Intermediates.free(training)) {
            // Inference: the block's intermediates go now, not with the caller's batch (Intermediates).
            Intermediates.close(y, x);
            Intermediates.close(skip, x);
            Intermediates.close(sum, out);
        }
        return new NDList(out);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        main.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return main.getOutputShapes(inputs);
    }
}
