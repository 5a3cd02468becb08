package dev.lorabench.train;

import dev.lorabench.model.Intermediates;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * How many test rows one inference batch may hold, bounded by the memory their activations take.
 *
 * <p>In DJL every intermediate array of a forward pass stays attached to the batch's manager until
 * the batch ends, so a batch of n rows holds all its activations at once: 27 KB a row for the
 * 784-1000-2000-10 MLP, but 0.85 MB a row for the small ResNet (16×28×28 channels through a dozen
 * layers; measured, docs/benchmarks.md), where a 10,000-row batch would need 8.5 GB and the former
 * fixed batch of 1,000 rows 0.85 GB. Larger batches only pay off while
 * they fit: the products of a small MLP get faster, a conv net's do not. So the rows are measured,
 * not guessed: two small probe batches through the model itself give the bytes a row adds (the
 * slope) and the bytes any batch costs (e.g. a LoRA layer's B·A, the intercept), and a batch gets
 * as many rows as fit in the budget beside the fixed part.
 */
final class InferenceBatch {

    /** 256 MiB of activations a batch: ~9,900 rows of the MLP, ~310 of the small ResNet, ~800 of the VGG. */
    static final long DEFAULT_BUDGET_BYTES = 256L << 20;
    /** Rows of the two probe batches. */
    private static final int SMALL_PROBE = 2;
    private static final int LARGE_PROBE = 10;
    /** Batch size when the fixed part alone exceeds the budget (the old fixed batch). */
    private static final int FALLBACK = 64;

    private final long budgetBytes;
    // The last block measured: an evaluator mostly sees one block many times (the truncation curve,
    // the trajectory); a new block is measured anew (two forwards of at most 10 rows).
    private Block measured;
    private int measuredCount;
    private int rows;

    InferenceBatch(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("an inference budget must be > 0 bytes but was " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /** Rows per batch for {@code block} over {@code test}: in 1..test.count(). */
    int rows(Block block, TensorSet test, ParameterStore store) {
        if (block == measured && test.count() == measuredCount) {
            return rows;
        }
        int n = test.count();
        if (n <= SMALL_PROBE) {
            return Math.max(1, n);
        }
        Footprint f = measure(block, test, store);
        rows = fit(budgetBytes, f.fixed(), f.perRow(), n);
        measured = block;
        measuredCount = n;
        return rows;
    }

    /** What a batch of n rows holds: {@code fixed + n · perRow} bytes. */
    record Footprint(long fixed, long perRow) {}

    /** The footprint of {@code block}'s forward pass, from two probe batches of {@code test}'s first rows (n > 2). */
    static Footprint measure(Block block, TensorSet test, ParameterStore store) {
        int large = Math.min(LARGE_PROBE, test.count());
        long small = bytesOf(block, test, store, SMALL_PROBE);
        long big = bytesOf(block, test, store, large);
        long perRow = Math.max(1, (big - small) / (large - SMALL_PROBE));
        return new Footprint(Math.max(0, small - perRow * SMALL_PROBE), perRow);
    }

    /** Rows that fit in {@code budget} beside {@code fixed} bytes at {@code perRow} bytes a row, in 1..n. */
    static int fit(long budget, long fixed, long perRow, int n) {
        long room = budget - fixed;
        long fitting = room <= 0 ? Math.min(FALLBACK, n) : room / perRow;
        return (int) Math.max(1, Math.min(n, fitting));
    }

    /** Bytes of every array alive at the end of a forward pass over the first {@code count} rows. */
    private static long bytesOf(Block block, TensorSet test, ParameterStore store, int count) {
        try (NDManager batch = test.manager().newSubManager()) {
            NDArray x = test.x().get(batch, new NDIndex("0:" + count));
            // Every activation kept, as DJL alone keeps them: the pass then holds the sum of its
            // activations, an upper bound of what a freeing pass holds at its peak (model.Intermediates),
            // and a bound that does not depend on how much a later change frees.
            Intermediates.keptDuring(() -> block.forward(store, new NDList(x), false));
            long bytes = 0;
            for (NDArray a : batch.getManagedArrays()) {
                bytes += a.size() * a.getDataType().getNumOfBytes();
            }
            return bytes;
        }
    }
}
