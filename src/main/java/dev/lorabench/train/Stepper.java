package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * One way of taking a training step for a group of lanes: alone ({@link AloneStepper}), several
 * lanes over a shared first layer ({@link SharedFirstLayerStepper}), or stacked ({@link LoraStack}).
 * The {@link FitLoop} owns the epochs, batches and each lane's state; a stepper owns its lanes'
 * optimizers and computes their losses.
 */
interface Stepper extends AutoCloseable {

    /** The lanes this stepper steps, in the order of {@link #step}'s losses. */
    List<Lane> lanes();

    /**
     * One optimizer step for every lane of {@link #lanes()} that is still {@link Lane#stepping()},
     * on this batch; returns each lane's loss in lane order (a lane not stepped gets NaN, or the
     * loss its rows would have had: the loop reads only the stepping lanes' values).
     */
    double[] step(NDArray x, NDArray y);

    /** Makes the lane's own model hold its current weights (before validation and at the end). */
    default void sync(Lane lane) {}

    /** The lane takes no more steps: later steps must not change its model. */
    default void retire(Lane lane) {}

    @Override
    void close();
}
