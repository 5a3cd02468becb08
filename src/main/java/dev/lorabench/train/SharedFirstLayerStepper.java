package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * Lanes whose first layer is a LoRA layer over the same frozen base, stepped one after another:
 * that layer's base product W·x + b is computed once per batch and handed to each lane, which adds
 * its own adapter's update and runs its other layers.
 */
final class SharedFirstLayerStepper implements Stepper {

    private final List<AloneStepper> members;
    private final List<Lane> lanes;
    private final StepTimings timings;

    /** @param members at least two lanes that {@link AloneStepper#takesSharedBase() take a shared base} */
    SharedFirstLayerStepper(List<AloneStepper> members, StepTimings timings) {
        if (members.size() < 2 || !members.stream().allMatch(AloneStepper::takesSharedBase)) {
            throw new IllegalArgumentException("sharing a first layer needs two or more lanes that can take it");
        }
        this.members = List.copyOf(members);
        this.lanes = members.stream().map(AloneStepper::lane).toList();
        this.timings = timings;
    }

    @Override
    public List<Lane> lanes() {
        return lanes;
    }

    @Override
    public double[] step(NDArray x, NDArray y) {
        double[] values = new double[members.size()];
        NDArray shared = null;
        for (int i = 0; i < members.size(); i++) {
            AloneStepper member = members.get(i);
            if (!member.lane().stepping()) {
                values[i] = Double.NaN;
                continue;
            }
            if (shared == null) {
                long t0 = System.nanoTime();
                shared = member.lane().first.base()
                        .forward(new ParameterStore(x.getManager(), false), new NDList(x), false)
                        .singletonOrThrow();
                timings.step(System.nanoTime() - t0, 0, 0, 0, 0);
            }
            values[i] = member.step(x, y, shared);
        }
        return values;
    }

    @Override
    public void close() {
        members.forEach(AloneStepper::close);
    }
}
