package dev.lorabench.train;

import dev.lorabench.model.Intermediates;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * How many test rows one inference batch may hold, bounded by the memory their activations take
 * and by the cache their widest activation fills.
 *
 * <p>In DJL every intermediate array of a forward pass stays attached to the batch's manager until
 * the batch ends, so a batch of n rows holds all its activations at once: 27 KB a row for the
 * 784-1000-2000-10 MLP, but 0.85 MB a row for the small ResNet (16×28×28 channels through a dozen
 * layers; measured, docs/benchmarks.md), where a 10,000-row batch would need 8.5 GB and the former
 * fixed batch of 1,000 rows 0.85 GB. So the rows are measured, not guessed: two small probe batches
 * through the model itself give the bytes a row adds (the slope) and the bytes any batch costs
 * (e.g. a LoRA layer's B·A, the intercept), and a batch gets as many rows as fit in the budget
 * beside the fixed part.
 *
 * <p>Fitting in memory is not yet fast. A conv net's layers are cheap per value written, so once a
 * batch's widest activation (16×28×28 floats a row) outgrows the cores' caches the pass waits on
 * memory: the VGG evaluated 10,000 rows in 5.0–6.0 CPU s at 804 rows a batch and 3.0–3.5 at
 * 96–256 rows, the small ResNet 6.1–6.6 at 316 and 3.9–4.5 at 158 (docs/benchmarks.md, "Cheap
 * analysis"). So the widest activation of a batch also gets at most {@link #CACHE_BYTES}. Not for a
 * model whose weights are large beside its activations (the MLP's 11 MB): each batch reads every
 * weight once, so its batches stay at least {@link #WEIGHT_REUSE} times its weights' bytes wide,
 * as before. The rows change no output of the conv nets (bit for bit, measured at 64–804 rows);
 * the MLP's would change in the last bit, and its batches are the ones this leaves alone.
 */
final class InferenceBatch {

    /**
     * 256 MiB of activations a batch: ~9,900 rows of the MLP, ~310 of the small ResNet, ~800 of the
     * VGG (the conv nets then get fewer, for the cache: {@link #CACHE_BYTES}).
     */
    static final long DEFAULT_BUDGET_BYTES = 256L << 20;
    /** Rows of the two probe batches. */
    private static final int SMALL_PROBE = 2;
    private static final int LARGE_PROBE = 10;
    /**
     * Bytes a batch's widest activation may take: the L2 caches of two cores (4 MiB each on the
     * Xeon measured); 96–256 VGG rows were equally fast, 804 were 1.6× slower.
     */
    static final long CACHE_BYTES = 8L << 20;
    /** A batch's widest activation may always take this many times the model's parameter bytes. */
    static final int WEIGHT_REUSE = 8;
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
        rows = Math.min(fit(budgetBytes, f.fixed(), f.perRow(), n), fitCache(f.widestPerRow(), f.parameterBytes(), n));
        measured = block;
        measuredCount = n;
        return rows;
    }

    /**
     * What a batch of n rows holds: {@code fixed + n · perRow} bytes, of which its widest single
     * activation {@code n · widestPerRow}; and the bytes of the model's parameters.
     */
    record Footprint(long fixed, long perRow, long widestPerRow, long parameterBytes) {}

    /** The footprint of {@code block}'s forward pass, from two probe batches of {@code test}'s first rows (n > 2). */
    static Footprint measure(Block block, TensorSet test, ParameterStore store) {
        int large = Math.min(LARGE_PROBE, test.count());
        long small = bytesOf(block, test, store, SMALL_PROBE)[0];
        long[] big = bytesOf(block, test, store, large);
        long perRow = Math.max(1, (big[0] - small) / (large - SMALL_PROBE));
        long parameters = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            parameters += a.size() * a.getDataType().getNumOfBytes();
        }
        return new Footprint(Math.max(0, small - perRow * SMALL_PROBE), perRow, big[1] / large, parameters);
    }

    /** Rows that fit in {@code budget} beside {@code fixed} bytes at {@code perRow} bytes a row, in 1..n. */
    static int fit(long budget, long fixed, long perRow, int n) {
        long room = budget - fixed;
        long fitting = room <= 0 ? Math.min(FALLBACK, n) : room / perRow;
        return (int) Math.max(1, Math.min(n, fitting));
    }

    /**
     * Rows whose widest activation ({@code widestPerRow} bytes a row) fits in the cache, or in
     * {@link #WEIGHT_REUSE} times the model's parameter bytes if that is more: in 1..n.
     */
    static int fitCache(long widestPerRow, long parameterBytes, int n) {
        if (widestPerRow <= 0) {
            return n;
        }
        long room = Math.max(CACHE_BYTES, WEIGHT_REUSE * parameterBytes);
        return (int) Math.max(1, Math.min(n, room / widestPerRow));
    }

    /**
     * Bytes of every array alive at the end of a forward pass over the first {@code count} rows,
     * and of the largest one with a row for each of those rows (an activation, not a fixed array).
     */
    private static long[] bytesOf(Block block, TensorSet test, ParameterStore store, int count) {
        try (NDManager batch = test.manager().newSubManager()) {
            NDArray x = test.x().get(batch, new NDIndex("0:" + count));
            // Every activation kept, as DJL alone keeps them: the pass then holds the sum of its
            // activations, an upper bound of what a freeing pass holds at its peak (model.Intermediates),
            // and a bound that does not depend on how much a later change frees.
            Intermediates.keptDuring(() -> block.forward(store, new NDList(x), false));
            long bytes = 0;
            long widest = 0;
            for (NDArray a : batch.getManagedArrays()) {
                long b = a.size() * a.getDataType().getNumOfBytes();
                bytes += b;
                if (a.getShape().dimension() > 0 && a.getShape().get(0) == count) {
                    widest = Math.max(widest, b);
                }
            }
            return new long[] {bytes, widest};
        }
    }
}
