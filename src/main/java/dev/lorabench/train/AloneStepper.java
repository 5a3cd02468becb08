package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.BlockList;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;

/** One lane stepped on its own: forward and loss, DJL's gradient collector, then Adam. */
final class AloneStepper implements Stepper {

    private final Lane lane;
    private final Loss loss;
    private final Trainer trainer;
    private final FastOptimizer optimizer; // null: DJL's Trainer.step()
    private final StepTimings timings;

    AloneStepper(Lane lane, FitRecipe recipe, FitOptions options, StepTimings timings) {
        this.lane = lane;
        this.loss = FitLoop.lossFor(recipe.regression());
        this.timings = timings;
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(recipe.lr())).build());
        this.trainer = lane.model.newTrainer(config);
        boolean fused = options.optimizer() == FitOptions.Optimizer.FUSED;
        if (!fused && lane.bRate != 1f) {
            trainer.close();
            throw new IllegalArgumentException(lane.variant + ": LoRA+ needs the fused optimizer (B at λ·lr), not DJL's");
        }
        this.optimizer = fused
                ? FastOptimizer.adam(FastOptimizer.trainable(lane.model.getBlock()), recipe.lr(), lane.sliceRates())
                : null;
    }

    /** Whether {@link #step(NDArray, NDArray, NDArray)} can take a first-layer product from outside. */
    boolean takesSharedBase() {
        BlockList children = lane.model.getBlock().getChildren();
        return optimizer != null && lane.first != null && lane.first.sharesBaseProduct()
                && !children.isEmpty() && children.get(0).getValue() == lane.first;
    }

    Lane lane() {
        return lane;
    }

    @Override
    public List<Lane> lanes() {
        return List.of(lane);
    }

    @Override
    public double[] step(NDArray x, NDArray y) {
        return new double[] {lane.stepping() ? step(x, y, null) : Double.NaN};
    }

    /**
     * One step of the lane.
     *
     * @param sharedBase the model's first layer's frozen base product for {@code x}, computed once
     *     for several lanes (see {@link #takesSharedBase()}); null: the model computes it
     */
    double step(NDArray x, NDArray y, NDArray sharedBase) {
        long t0 = System.nanoTime();
        long t1;
        double value;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray out = sharedBase == null
                    ? trainer.forward(new NDList(x)).singletonOrThrow()
                    : forwardFrom(x, sharedBase);
            NDArray l = loss.evaluate(new NDList(y), new NDList(out));
            t1 = System.nanoTime();
            collector.backward(l);
            value = l.getFloat();
        }
        long t2 = System.nanoTime();
        if (optimizer != null) {
            optimizer.step();
        } else {
            trainer.step();
        }
        timings.step(t1 - t0, t2 - t1, System.nanoTime() - t2, 1, x.getShape().get(0));
        return value;
    }

    /** The model's forward with its first layer's base product given: that plus the adapter, then the rest. */
    private NDArray forwardFrom(NDArray x, NDArray sharedBase) {
        ParameterStore store = new ParameterStore(x.getManager(), false);
        NDArray update = lane.first.update(store, x, true);
        NDArray h = update == null ? sharedBase : sharedBase.add(update);
        BlockList children = lane.model.getBlock().getChildren();
        for (int i = 1; i < children.size(); i++) {
            h = children.get(i).getValue().forward(store, new NDList(h), true).singletonOrThrow();
        }
        return h;
    }

    @Override
    public void close() {
        trainer.close();
    }
}
