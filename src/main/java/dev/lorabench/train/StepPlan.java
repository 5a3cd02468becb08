package dev.lorabench.train;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which stepper steps which lane: the LoRA lanes that can train as one stacked model ({@link
 * LoraStack}, the "near" stepper, on the loop's thread), and the rest ("far": the lanes that share
 * their first layer's base product in one {@link SharedFirstLayerStepper}, every other lane
 * alone), which may step on a second thread meanwhile.
 */
final class StepPlan implements AutoCloseable {

    private final Stepper near;
    private final List<Stepper> far;
    private final Map<Lane, Stepper> owner = new IdentityHashMap<>();

    private StepPlan(Stepper near, List<Stepper> far) {
        this.near = near;
        this.far = List.copyOf(far);
        if (near != null) {
            near.lanes().forEach(l -> owner.put(l, near));
        }
        for (Stepper s : far) {
            s.lanes().forEach(l -> owner.put(l, s));
        }
    }

    static StepPlan of(List<Lane> lanes, NDManager manager, FitRecipe recipe, FitOptions options, StepTimings timings) {
        LoraStack stack = null;
        List<AloneStepper> alone = new ArrayList<>();
        try {
            if (options.stacked() && options.optimizer() == FitOptions.Optimizer.FUSED) {
                stack = LoraStack.tryCreate(
                        lanes.stream().filter(l -> l.first != null).toList(), manager, recipe, timings);
            }
            for (Lane lane : lanes) {
                if (stack == null || !stack.lanes().contains(lane)) {
                    alone.add(new AloneStepper(lane, recipe, options, timings));
                }
            }
        } catch (RuntimeException e) {
            alone.forEach(AloneStepper::close);
            if (stack != null) {
                stack.close();
            }
            throw e;
        }
        List<AloneStepper> sharing = alone.stream().filter(AloneStepper::takesSharedBase).toList();
        List<Stepper> far = new ArrayList<>();
        if (sharing.size() >= 2) {
            far.add(new SharedFirstLayerStepper(sharing, timings));
            alone.stream().filter(s -> !sharing.contains(s)).forEach(far::add);
        } else {
            far.addAll(alone);
        }
        return new StepPlan(stack, far);
    }

    /** The stacked stepper, or null. */
    Stepper near() {
        return near;
    }

    /** The other steppers. */
    List<Stepper> far() {
        return far;
    }

    Stepper ownerOf(Lane lane) {
        return owner.get(lane);
    }

    boolean isNear(Lane lane) {
        return near != null && owner.get(lane) == near;
    }

    List<Stepper> all() {
        List<Stepper> list = new ArrayList<>();
        if (near != null) {
            list.add(near);
        }
        list.addAll(far);
        return list;
    }

    @Override
    public void close() {
        all().forEach(Stepper::close);
    }
}
