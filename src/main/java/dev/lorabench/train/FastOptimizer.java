package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Adam or SGD in a single fused pass per parameter, in place, straight on the engine's memory.
 *
 * <p>DJL's {@code Trainer.step()} copies every gradient twice (the parameter server's duplicate and
 * the native update's clone) and then runs about ten full-tensor passes (weight decay even when it
 * is zero, the two moment updates, the bias-corrected quotient, the subtraction, zeroing the
 * gradient). On a 2.8 M-parameter MLP those passes are memory bound and cost as much as the
 * forward and backward together. Here the weight, the gradient and the two moments are viewed as
 * direct buffers (no copy: {@code toByteBuffer(true)} on a contiguous CPU tensor wraps its memory)
 * and one Java loop reads each element once, updates the moments and the weight, and zeroes the
 * gradient for the next backward. Large tensors are split over the common fork-join pool.
 *
 * <p>The arithmetic is {@code torch.optim.Adam}'s (no weight decay, no amsgrad), in float:
 * {@code w -= lr/(1-β₁ᵗ) · m / (√v/√(1-β₂ᵗ) + ε)}, ε added to the bias-corrected √v̂. DJL's
 * {@code Optimizer.adam()} adds ε to the uncorrected √v instead ({@code lr·√(1-β₂ᵗ)/(1-β₁ᵗ) · m/(√v + ε)}),
 * which in the first steps, while √v is of the order of ε, moves the weights up to 3× less.
 * Parameters whose arrays are not float32 CPU tensors the loop can view in place (see
 * {@link TensorMemory}) fall back to NDArray ops.
 */
public final class FastOptimizer {

    /** The update rule. */
    public enum Kind {
        ADAM,
        SGD
    }

    private static final int CHUNK = 1 << 16;
    private static final float TINY = 1e-30f;

    private final Kind kind;
    private final float lr;
    private final float beta1 = 0.9f;
    private final float beta2 = 0.999f;
    private final float epsilon = 1e-8f;
    private final List<Parameter> parameters;
    // Step-size factors over equal consecutive slices of a parameter (LoRA+: B at λ·lr, per lane of a
    // stack); parameters not in the map step at lr. Empty for every plain run.
    private final Map<Parameter, float[]> sliceRates;
    private final Map<Parameter, float[][]> state = new IdentityHashMap<>();
    // Parameters whose arrays cannot be viewed in place (strided views): NDArray path only.
    private final Set<Parameter> viewless = Collections.newSetFromMap(new IdentityHashMap<>());
    private int t;

    private FastOptimizer(Kind kind, float lr, List<Parameter> parameters, Map<Parameter, float[]> sliceRates) {
        this.kind = kind;
        this.lr = lr;
        this.parameters = List.copyOf(parameters);
        this.sliceRates = new IdentityHashMap<>(sliceRates);
        sliceRates.forEach((p, f) -> {
            if (!parameters.contains(p) || f.length == 0) {
                throw new IllegalArgumentException("slice rates must be given for a stepped parameter, at least one,"
                        + " but were " + f.length + " for " + p.getName());
            }
        });
    }

    /** Adam ({@code torch.optim.Adam}'s defaults: β₁ 0.9, β₂ 0.999, ε 1e-8) over the block's trainable parameters. */
    public static FastOptimizer adam(Block block, float lr) {
        return new FastOptimizer(Kind.ADAM, lr, trainable(block), Map.of());
    }

    /** Adam over the given parameters (arrays that record gradients). */
    static FastOptimizer adam(List<Parameter> parameters, float lr) {
        return new FastOptimizer(Kind.ADAM, lr, parameters, Map.of());
    }

    /**
     * Adam over the given parameters where some step at other rates: a parameter mapped to
     * factors f₀…f_{k−1} is cut into k equal consecutive slices and slice i steps at fᵢ·lr (LoRA+'s
     * B at λ·lr; a stacked Bᵀ [V, R, out] with one factor per lane). Adam's moments are the
     * same; only the step size differs, as in torch with one parameter group per rate.
     */
    static FastOptimizer adam(List<Parameter> parameters, float lr, Map<Parameter, float[]> sliceRates) {
        return new FastOptimizer(Kind.ADAM, lr, parameters, sliceRates);
    }

    /** Plain SGD (no momentum) over the block's trainable parameters. */
    public static FastOptimizer sgd(Block block, float lr) {
        return new FastOptimizer(Kind.SGD, lr, trainable(block), Map.of());
    }

    /** The parameters that record gradients, in block order. */
    static List<Parameter> trainable(Block block) {
        List<Parameter> list = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient() && p.getValue().isInitialized()) {
                list.add(p.getValue());
            }
        }
        return list;
    }

    public Kind kind() {
        return kind;
    }

    /** Steps taken so far. */
    public int steps() {
        return t;
    }

    /** Applies one update from the current gradients and zeroes them. */
    public void step() {
        t++;
        float bc1 = (float) (1.0 - Math.pow(beta1, t));
        Step step = kind == Kind.ADAM
                ? new Step(lr / bc1, (float) Math.sqrt(1.0 - Math.pow(beta2, t)))
                : new Step(lr, 1f);
        if (kind == Kind.ADAM && t % FLUSH_EVERY == 0) {
            state.values().forEach(mv -> flush(mv[0], mv[1]));
        }
        for (Parameter p : parameters) {
            NDArray w = p.getArray();
            try (NDArray g = w.getGradient()) {
                FloatBuffer wb = fusable(p, w, g) ? TensorMemory.floats(w) : null;
                FloatBuffer gb = wb == null ? null : TensorMemory.floats(g);
                if (wb != null && gb != null) {
                    update(p, wb, gb, step);
                } else {
                    if (wb == null) {
                        viewless.add(p); // not probed again: a probe of a strided tensor copies it
                    }
                    fallback(p, w, g, step);
                }
            }
        }
    }

    /**
     * One step's factors: the step size ({@code lr/(1-β₁ᵗ)} for Adam, {@code lr} for SGD) and
     * {@code √(1-β₂ᵗ)}, which √v is divided by before ε is added.
     */
    private record Step(float size, float sqrtBc2) {
        Step scaled(float factor) {
            return new Step(size * factor, sqrtBc2);
        }
    }

    private boolean fusable(Parameter p, NDArray w, NDArray g) {
        return !viewless.contains(p)
                && w.getDataType() == DataType.FLOAT32
                && g.getDataType() == DataType.FLOAT32
                && !w.getDevice().isGpu()
                && w.size() == g.size();
    }

    private void update(Parameter p, FloatBuffer w, FloatBuffer g, Step rate) {
        int n = w.capacity();
        float[][] mv = kind == Kind.ADAM ? state.computeIfAbsent(p, k -> new float[][] {new float[n], new float[n]}) : null;
        float[] factors = sliceRates.isEmpty() ? null : sliceRates.get(p);
        if (factors == null) {
            update(w, g, mv, rate, 0, n);
            return;
        }
        int slice = slice(n, factors, p);
        for (int i = 0; i < factors.length; i++) {
            update(w, g, mv, rate.scaled(factors[i]), i * slice, (i + 1) * slice);
        }
    }

    private static int slice(int n, float[] factors, Parameter p) {
        if (n % factors.length != 0) {
            throw new IllegalStateException(p.getName() + " has " + n + " elements, not " + factors.length + " equal slices");
        }
        return n / factors.length;
    }

    /** Steps elements {@code [from, to)}; large ranges are split over the common pool. */
    private void update(FloatBuffer w, FloatBuffer g, float[][] mv, Step rate, int from, int to) {
        int n = to - from;
        int chunks = (n + CHUNK - 1) / CHUNK;
        if (chunks <= 1) {
            range(w, g, mv, rate, from, to, scratch[0]);
            return;
        }
        // One contiguous share of the chunks per task, each with its own scratch block: the
        // common pool's workers drop thread-locals after every task, so per-thread scratch was
        // allocated anew each step (~320 MB of garbage over an MNIST run).
        int tasks = scratch.length;
        int per = (chunks + tasks - 1) / tasks;
        IntStream.range(0, tasks).parallel().forEach(t -> {
            int start = from + Math.min(n, t * per * CHUNK);
            int end = from + Math.min(n, (t + 1) * per * CHUNK);
            if (start < end) {
                range(w, g, mv, rate, start, end, scratch[t]);
            }
        });
    }

    /** Blocks of weights, gradients and moments copied in bulk (memcpy speed), one set per task. */
    private static final int BLOCK = 4096;
    private final float[][][] scratch = newScratch(ForkJoinPool.getCommonPoolParallelism() + 1);

    private static float[][][] newScratch(int tasks) {
        float[][][] s = new float[tasks][][];
        for (int t = 0; t < tasks; t++) {
            s[t] = new float[][] {new float[BLOCK], new float[BLOCK], new float[BLOCK], new float[BLOCK], new float[BLOCK]};
        }
        return s;
    }

    private void range(FloatBuffer w, FloatBuffer g, float[][] mv, Step rate, int from, int to, float[][] scratch) {
        float[] ws = scratch[0];
        float[] gs = scratch[1];
        float[] zeros = scratch[2];
        float[] ms = scratch[3];
        float[] vs = scratch[4];
        for (int start = from; start < to; start += BLOCK) {
            int len = Math.min(BLOCK, to - start);
            w.get(start, ws, 0, len);
            g.get(start, gs, 0, len);
            if (mv == null) {
                sgd(ws, gs, len, rate.size());
            } else {
                // The moments are copied into the block too: with one index for all four arrays
                // the JIT vectorizes the loop (an offset on two of them stops it, ~3× slower).
                System.arraycopy(mv[0], start, ms, 0, len);
                System.arraycopy(mv[1], start, vs, 0, len);
                adam(ws, gs, ms, vs, len, rate.size(), rate.sqrtBc2());
                System.arraycopy(ms, 0, mv[0], start, len);
                System.arraycopy(vs, 0, mv[1], start, len);
            }
            w.put(start, ws, 0, len);
            g.put(start, zeros, 0, len);
        }
    }

    private static void sgd(float[] w, float[] g, int len, float rate) {
        for (int i = 0; i < len; i++) {
            w[i] -= rate * g[i];
        }
    }

    private void adam(float[] w, float[] g, float[] m, float[] v, int len, float rate, float sqrtBc2) {
        float b1 = beta1;
        float b2 = beta2;
        float c1 = 1f - beta1;
        float c2 = 1f - beta2;
        float eps = epsilon;
        // No branch in this loop, so that the JIT turns it into vector instructions (sqrt and
        // division included); subnormal moments are flushed by a separate pass (flush()).
        for (int i = 0; i < len; i++) {
            float gi = g[i];
            float mi = m[i] * b1 + gi * c1;
            float vi = v[i] * b2 + gi * gi * c2;
            m[i] = mi;
            v[i] = vi;
            w[i] -= (mi * rate) / ((float) Math.sqrt(vi) / sqrtBc2 + eps);
        }
    }

    /**
     * Moments of units whose gradient stays zero decay geometrically (m by β₁ = 0.9 a step) into
     * subnormal floats, and arithmetic on subnormals is ~100× slower on x86 (the JVM does not
     * flush them). Below 1e-30 a moment moves no weight (lr·1e-30/ε ≪ any ulp), so every
     * {@link #FLUSH_EVERY} steps such moments are set to zero; in between, m falls by at most
     * 0.9^64 ≈ 1e-3, far from the subnormal range (below 1.2e-38).
     */
    private static void flush(float[] m, float[] v) {
        for (int i = 0; i < m.length; i++) {
            if (Math.abs(m[i]) < TINY) {
                m[i] = 0f;
            }
            if (v[i] < TINY) {
                v[i] = 0f;
            }
        }
    }

    private static final int FLUSH_EVERY = 64;

    /** NDArray ops, in place where DJL allows: for tensors the fused loop cannot view. */
    private void fallback(Parameter p, NDArray w, NDArray g, Step rate) {
        float[] factors = sliceRates.isEmpty() ? null : sliceRates.get(p);
        if (kind == Kind.SGD && factors == null) {
            try (NDArray d = g.mul(rate.size())) {
                w.subi(d);
            }
        } else {
            float[] gs = g.toFloatArray();
            float[] ws = w.toFloatArray();
            update(p, FloatBuffer.wrap(ws), FloatBuffer.wrap(gs), rate);
            TensorWrites.writeThroughStrides(w, ws);
        }
        TensorWrites.writeThroughStrides(g, new float[Math.toIntExact(g.size())]);
    }
}
