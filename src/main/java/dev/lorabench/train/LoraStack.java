package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.lorabench.lora.LoraLayer;
import dev.lorabench.lora.LoraLinear;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The LoRA lanes of a lockstep sweep trained as one stacked model, so that a batch costs one pass
 * of large products instead of one pass of small ones per variant.
 *
 * <p>Every lane is the same frozen base with its own adapters. The V lanes' activations are stacked
 * along the batch axis ([V·B, n]), so each frozen layer runs once per batch as one product over all
 * variants instead of V products; the first layer sees the shared raw batch, so its base product is
 * computed once for all. The adapters of layer l are stacked as Aᵀ [V, in, R] and Bᵀ [V, R, out],
 * R the largest rank, and applied as two batched products. A lane of rank r &lt; R owns the first r
 * columns; the rest are zero in both A and B, so they add exactly nothing, their gradients are
 * exactly zero and Adam leaves them zero (m = v = 0 gives a zero step): the stacked model computes
 * what the V separate models compute, up to the rounding of larger products.
 *
 * <p>Each lane's loss is its own mean over the batch, the backward runs once on their sum (the
 * lanes share no trainable value, so each lane's gradient is the gradient of its own loss) and one
 * {@link FastOptimizer} Adam steps all stacked adapters; Adam is element-wise, so that is each
 * lane's Adam (LoRA+ lanes step their slice of each Bᵀ at λ·lr). The lanes' models get their adapters back through {@link #writeBack} whenever the
 * loop needs them (validation, a lane that stops, the end).
 *
 * <p>Only plain stacks qualify: a {@link SequentialBlock} whose children are, in every lane, either
 * {@link LoraLinear} layers (switched on, unmerged, no dropout) or blocks with nothing to train,
 * which are then applied to the stacked rows as they are (activations, flattening, frozen layers).
 */
final class LoraStack implements Stepper {

    /** The stacked adapters of one adapted layer position. */
    private static final class Slot {
        final Block base;
        final Parameter at;
        final Parameter bt;
        final NDArray scales;
        final long in;
        final long out;

        Slot(Block base, Parameter at, Parameter bt, NDArray scales, long in, long out) {
            this.base = base;
            this.at = at;
            this.bt = bt;
            this.scales = scales;
            this.in = in;
            this.out = out;
        }
    }

    private final List<Lane> lanes;
    private final List<Block> children;
    private final Slot[] slots;
    private final List<List<LoraLayer>> adapted;
    private final int maxRank;
    private final NDManager manager;
    private final FastOptimizer optimizer;
    private final boolean regression;
    private final StepTimings timings;
    private final Map<Lane, Boolean> retired = new IdentityHashMap<>();

    private LoraStack(
            List<Lane> lanes, List<Block> children, Slot[] slots, List<List<LoraLayer>> adapted,
            int maxRank, NDManager manager, FastOptimizer optimizer, boolean regression, StepTimings timings) {
        this.regression = regression;
        this.timings = timings;
        this.lanes = List.copyOf(lanes);
        this.children = children;
        this.slots = slots;
        this.adapted = adapted;
        this.maxRank = maxRank;
        this.manager = manager;
        this.optimizer = optimizer;
    }

    /**
     * Stacks {@code lanes} when there are at least two and all have the same plain structure (see
     * the class comment); null otherwise. The lanes must share one frozen base.
     */
    static LoraStack tryCreate(List<Lane> lanes, NDManager parent, FitRecipe recipe, StepTimings timings) {
        if (lanes.size() < 2) {
            return null;
        }
        List<List<Block>> perLane = new ArrayList<>();
        for (Lane lane : lanes) {
            if (!(lane.model.getBlock() instanceof SequentialBlock seq)) {
                return null;
            }
            List<Block> list = new ArrayList<>();
            seq.getChildren().values().forEach(list::add);
            perLane.add(list);
        }
        List<Block> first = perLane.get(0);
        int depth = first.size();
        List<List<LoraLayer>> adapted = new ArrayList<>();
        int maxRank = 0;
        for (int i = 0; i < depth; i++) {
            List<LoraLayer> column = new ArrayList<>();
            for (List<Block> children : perLane) {
                if (children.size() != depth) {
                    return null;
                }
                Block child = children.get(i);
                if (child instanceof LoraLinear lora) {
                    if (!lora.isEnabled() || lora.isMerged() || lora.config().dropout() > 0
                            || lora.config().method() != dev.lorabench.lora.AdapterMethod.LORA) {
                        return null;
                    }
                    column.add(lora);
                    maxRank = Math.max(maxRank, lora.config().rank());
                } else if (hasTrainable(child) || (maxRank > 0 && !takesLeadingAxes(child))) {
                    return null;
                }
            }
            if (!column.isEmpty() && column.size() != lanes.size()) {
                return null; // adapted in some lanes only
            }
            adapted.add(column);
        }
        if (adapted.stream().allMatch(List::isEmpty)) {
            return null;
        }
        NDManager manager = parent.newSubManager();
        try {
            int v = lanes.size();
            Slot[] slots = new Slot[depth];
            List<Parameter> parameters = new ArrayList<>();
            // LoRA+: lane k's slice [R, out] of each stacked Bᵀ steps at λₖ·lr (none: all at lr).
            Map<Parameter, float[]> rates = new IdentityHashMap<>();
            float[] laneRates = new float[v];
            for (int k = 0; k < v; k++) {
                laneRates[k] = lanes.get(k).bRate;
            }
            boolean loraPlus = lanes.stream().anyMatch(l -> l.bRate != 1f);
            for (int i = 0; i < depth; i++) {
                List<LoraLayer> column = adapted.get(i);
                if (column.isEmpty()) {
                    continue;
                }
                Shape w = column.get(0).baseWeight().getArray().getShape();
                long out = w.get(0);
                long in = w.get(1);
                float[] at = new float[Math.toIntExact(v * in * maxRank)];
                float[] bt = new float[Math.toIntExact(v * maxRank * out)];
                float[] scale = new float[v]; // α/r (or α/√r) of each lane's adapter here
                for (int k = 0; k < v; k++) {
                    LoraLayer layer = column.get(k);
                    if (!layer.baseWeight().getArray().getShape().equals(w)) {
                        manager.close();
                        return null;
                    }
                    int r = layer.config().rank();
                    scale[k] = layer.config().scale();
                    float[] a = layer.loraA().getArray().toFloatArray(); // [r, in]
                    float[] b = layer.loraB().getArray().toFloatArray(); // [out, r]
                    for (int j = 0; j < r; j++) {
                        for (long c = 0; c < in; c++) {
                            at[Math.toIntExact((k * in + c) * maxRank + j)] = a[Math.toIntExact(j * in + c)];
                        }
                        for (long o = 0; o < out; o++) {
                            bt[Math.toIntExact((k * maxRank + j) * out + o)] = b[Math.toIntExact(o * r + j)];
                        }
                    }
                }
                Parameter atp = stacked(manager, "stack." + i + ".lora_A_T", at, new Shape(v, in, maxRank));
                Parameter btp = stacked(manager, "stack." + i + ".lora_B_T", bt, new Shape(v, maxRank, out));
                parameters.add(atp);
                parameters.add(btp);
                if (loraPlus) {
                    rates.put(btp, laneRates);
                }
                slots[i] = new Slot(column.get(0).base(), atp, btp, manager.create(scale, new Shape(v, 1, 1)), in, out);
            }
            return new LoraStack(lanes, first, slots, adapted, maxRank, manager,
                    FastOptimizer.adam(parameters, recipe.lr(), rates), recipe.regression(), timings);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Whether the block works on [V, B, n] as on [B, n] row by row: frozen linear layers and
     * element-wise activations do; a flattening or reshaping block would not.
     */
    private static boolean takesLeadingAxes(Block block) {
        if (block instanceof Linear) {
            return true;
        }
        return block instanceof LambdaBlock lambda
                && ELEMENTWISE.contains(lambda.getName().toLowerCase(Locale.ROOT));
    }

    private static final Set<String> ELEMENTWISE =
            Set.of("relu", "relu6", "sigmoid", "tanh", "softplus", "softrelu", "gelu", "mish", "swish", "elu", "selu");

    private static boolean hasTrainable(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                return true;
            }
        }
        return false;
    }

    private static Parameter stacked(NDManager manager, String name, float[] values, Shape shape) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(values, shape);
        array.setRequiresGradient(true);
        p.setArray(array);
        return p;
    }

    @Override
    public List<Lane> lanes() {
        return lanes;
    }

    /**
     * One training step of every stacked lane on the batch: returns each lane's loss, in lane
     * order. Lanes that already stopped are computed too (their rows cost little) but their
     * models no longer receive the adapters.
     */
    @Override
    public double[] step(NDArray xb, NDArray yb) {
        long t0 = System.nanoTime();
        long t1;
        float[] values;
        try (Torch.ThreadGradients gradients = new Torch.ThreadGradients()) {
            NDArray perLane = laneLosses(forward(xb), yb);
            t1 = System.nanoTime();
            gradients.backward(perLane.sum());
            values = perLane.toFloatArray();
        }
        long t2 = System.nanoTime();
        optimizer.step();
        timings.step(t1 - t0, t2 - t1, System.nanoTime() - t2, lanes.size(), lanes.size() * xb.getShape().get(0));
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    /**
     * The stacked forward: [V, B, outputs]. Before the first adapted layer the rows are the
     * shared batch [B, …]; from there on every tensor carries the lane axis in front, and the
     * frozen layers (linear layers accept any leading axes) run once over all lanes' rows.
     */
    private NDArray forward(NDArray x) {
        ParameterStore store = new ParameterStore(x.getManager(), false);
        NDArray h = x;
        for (int i = 0; i < children.size(); i++) {
            Slot slot = slots[i];
            if (slot == null) {
                h = children.get(i).forward(store, new NDList(h), true).singletonOrThrow();
                continue;
            }
            // [B, in] · [V, in, R] broadcasts to [V, B, R]: the shared rows meet every lane's A.
            NDArray update = h.matMul(slot.at.getArray()).matMul(slot.bt.getArray()).mul(slot.scales);
            NDArray base = slot.base.forward(store, new NDList(h), true).singletonOrThrow();
            h = base.add(update);
        }
        return h;
    }

    /** Each lane's mean loss over the batch, [V]: the formulas of {@link FitLoop#lossFor}. */
    private NDArray laneLosses(NDArray out, NDArray yb) {
        if (regression) {
            // L2Loss with weight 1: the mean of (label − prediction)², per lane.
            return out.sub(yb).square().reshape(lanes.size(), -1).mean(new int[] {1});
        }
        // Softmax cross-entropy with sparse labels: −mean log softmax(out)[label], per lane.
        long b = yb.getShape().get(0);
        NDArray index = yb.reshape(1, b, 1).broadcast(new Shape(lanes.size(), b, 1));
        return out.logSoftmax(-1).gather(index, 2).reshape(lanes.size(), b).mean(new int[] {1}).neg();
    }

    /** Copies the lane's current adapters into its own model (its A and B parameters). */
    @Override
    public void sync(Lane lane) {
        if (retired.containsKey(lane)) {
            return;
        }
        int k = lanes.indexOf(lane);
        for (int i = 0; i < slots.length; i++) {
            Slot slot = slots[i];
            if (slot == null) {
                continue;
            }
            LoraLayer layer = adapted.get(i).get(k);
            int r = layer.config().rank();
            float[] at;
            float[] bt;
            try (NDArray a = slot.at.getArray().get(k); NDArray bb = slot.bt.getArray().get(k)) {
                at = a.toFloatArray(); // [in, R]
                bt = bb.toFloatArray(); // [R, out]
            }
            float[] a = new float[Math.toIntExact(r * slot.in)];
            float[] b = new float[Math.toIntExact(slot.out * r)];
            for (int j = 0; j < r; j++) {
                for (long c = 0; c < slot.in; c++) {
                    a[Math.toIntExact(j * slot.in + c)] = at[Math.toIntExact(c * maxRank + j)];
                }
                for (long o = 0; o < slot.out; o++) {
                    b[Math.toIntExact(o * r + j)] = bt[Math.toIntExact(j * slot.out + o)];
                }
            }
            TensorWrites.overwrite(layer.loraA().getArray(), a);
            TensorWrites.overwrite(layer.loraB().getArray(), b);
        }
    }

    /** Writes the lane's adapters back one last time; later steps no longer reach its model. */
    @Override
    public void retire(Lane lane) {
        sync(lane);
        retired.put(lane, Boolean.TRUE);
    }

    @Override
    public void close() {
        manager.close();
    }
}
