package dev.lorabench.lora;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Runs a normalisation layer of the frozen base in inference behaviour, always.
 *
 * <p>DJL's BatchNorm updates its running mean and variance in training mode even when its
 * parameters are frozen, which would silently change the base. Wrapped in this block it normalises
 * with the stored statistics and never writes them.
 */
public final class FrozenStatistics extends AbstractBlock {

    private final Block inner;

    @SuppressWarnings("this-escape")
    public FrozenStatistics(Block inner) {
        super((byte) 1);
        this.inner = addChildBlock("frozen", inner);
    }

    public Block inner() {
        return inner;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return inner.forward(parameterStore, inputs, false, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return inner.getOutputShapes(inputs);
    }
}
