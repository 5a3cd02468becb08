package dev.lorabench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Frees a forward pass's intermediate activations as soon as the next layer has used them, in
 * inference.
 *
 * <p>DJL attaches every operation's result to the manager of its input, so without this every
 * activation of a forward pass lives until the caller closes its batch manager. For a conv net
 * evaluated 1,000 test images at a time that is 20–30 activations of 50 MB each alive at once
 * (1,000 × 16 × 28 × 28 floats), and glibc keeps the freed blocks in its per-thread arenas, so
 * the process's peak RSS grew by ~1.5 GB for it (docs/benchmarks.md, "Lean memory"). Closing an
 * array only drops this handle: PyTorch counts references to the storage, so a view or a saved
 * tensor of an autograd graph keeps what it still needs, and the values computed do not change.
 */
public final class Intermediates {

    /**
     * Set while a probe measures what a forward pass would hold without this freeing
     * (train.InferenceBatch sizes its batches from it): a per-thread, scoped switch, so a probe on
     * one thread never changes another thread's forward pass.
     */
    private static final ThreadLocal<Boolean> KEEPING = ThreadLocal.withInitial(() -> false);

    private Intermediates() {}

    /** Whether a forward pass frees its intermediates: in inference, unless a probe keeps them. */
    public static boolean free(boolean training) {
        return !training && !KEEPING.get();
    }

    /** Runs {@code forward} with every intermediate kept until its manager closes, as DJL alone would. */
    public static <T> T keptDuring(java.util.function.Supplier<T> forward) {
        boolean before = KEEPING.get();
        KEEPING.set(true);
        try {
            return forward.get();
        } finally {
            KEEPING.set(before);
        }
    }

    /** Closes the arrays of {@code done} that are not also in {@code kept} (a layer may pass its input on). */
    public static void close(NDList done, NDList kept) {
        for (NDArray a : done) {
            if (!contains(kept, a)) {
                a.close();
            }
        }
    }

    /** Closes {@code done} unless it is {@code kept} itself. */
    public static void close(NDArray done, NDArray kept) {
        if (done != kept) {
            done.close();
        }
    }

    private static boolean contains(NDList list, NDArray a) {
        for (NDArray b : list) {
            if (b == a) {
                return true;
            }
        }
        return false;
    }
}
