package dev.lorabench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A k×k max-pool with stride k and no padding (floor division, as PyTorch's), the VGG's: DJL's
 * {@code Pool.maxPool2dBlock} in training, element-wise maxima of k² strided views in inference.
 *
 * <p>PyTorch's CPU max-pool always computes the argmax indices too (int64, for a backward) in a
 * scalar loop: on 167 VGG rows of 16×28×28 it took 17–19 ms CPU, as long as the 3×3 convolution
 * before it, where two maxima of views took 2.2 ms (docs/benchmarks.md, "Cheap analysis"). A
 * maximum is exact, so the values are the same bit for bit (measured; oracle in
 * InferenceIntermediatesTest). Training keeps DJL's pool: its backward sends a tie's gradient to
 * the first maximum, the maxima's would split it. Same name and parameter stream as DJL's block
 * (none), so saved bases and LoRA stacking see no difference.
 */
public final class MaxPool2d extends LambdaBlock {

    private final int k;

    private MaxPool2d(int k) {
        super(list -> new NDList(Pool.maxPool2d(list.singletonOrThrow(), new Shape(k, k), new Shape(k, k),
                new Shape(0, 0), false)), "maxPool2d");
        this.k = k;
    }

    /** A k×k pool of stride k. */
    public static MaxPool2d of(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("a pool's kernel must be >= 2 but was " + k);
        }
        return new MaxPool2d(k);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training) {
            return super.forwardInternal(store, inputs, training, params);
        }
        NDArray x = inputs.singletonOrThrow();
        long rows = x.getShape().get(2) / k * k;
        long cols = x.getShape().get(3) / k * k;
        // Rows first (k views along the height), then columns of the result.
        NDArray byRows = maxOfViews(x, i -> new NDIndex(":, :, {}:{}:{}, :{}", i, rows, k, cols));
        NDArray out = maxOfViews(byRows, j -> new NDIndex(":, :, :, {}:{}:{}", j, cols, k));
        byRows.close();
        return new NDList(out);
    }

    /** The element-wise maximum of the views {@code view.apply(0..k-1)} of {@code x}; a new array. */
    private NDArray maxOfViews(NDArray x, java.util.function.IntFunction<NDIndex> view) {
        NDArray best = x.get(view.apply(0));
        for (int i = 1; i < k; i++) {
            try (NDArray next = x.get(view.apply(i))) {
                NDArray larger = best.maximum(next);
                best.close();
                best = larger;
            }
        }
        return best;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), s.get(2) / k, s.get(3) / k)};
    }
}
