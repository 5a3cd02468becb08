package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorabench.lora.LoraLayer;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;

/**
 * One model trained by the {@link FitLoop}, and how far its training got. The loop alone changes
 * the state; a {@link Stepper} only reads which lanes still step.
 */
final class Lane {

    final String variant;
    final Model model;
    /** The model's first layer when it is a LoRA layer over the frozen base that other lanes share; else null. */
    final LoraLayer first;
    /** B's learning rate over A's: LoRA+'s λ, else 1. */
    final float bRate;
    /** The seed index of the fine-tune this lane is (0: the run's own seed), for its events. */
    final int seed;

    final List<LossPoint> losses = new ArrayList<>();
    final List<LossPoint> validationLosses = new ArrayList<>();
    int step;
    double best = Double.POSITIVE_INFINITY;
    int sinceBest;
    int stoppedAt;
    int divergedAt;
    double divergedLoss;
    DivergenceWatch watch;
    boolean active = true;
    boolean stepsDone;
    double epochSum;
    int epochCount;

    Lane(String variant, Model model, LoraLayer first) {
        this(variant, model, first, 1f);
    }

    Lane(String variant, Model model, LoraLayer first, float bRate) {
        this(variant, model, first, bRate, 0);
    }

    Lane(String variant, Model model, LoraLayer first, float bRate, int seed) {
        this.variant = variant;
        this.model = model;
        this.first = first;
        this.bRate = bRate;
        this.seed = seed;
    }

    /**
     * The lane of a plan variant: its name, LoRA+'s λ for B's learning rate, and its first layer
     * only where the method adds to the frozen base that other lanes share (so DoRA, PiSSA and
     * OLoRA lanes neither share the base product nor stack: they step beside the stack).
     */
    static Lane of(Variant variant, Model model, LoraLayer first) {
        return of(variant, model, first, 0);
    }

    /** {@link #of(Variant, Model, LoraLayer)} for the fine-tune with seed index {@code seed}. */
    static Lane of(Variant variant, Model model, LoraLayer first, int seed) {
        return named(variant.name(), variant, model, first, seed);
    }

    /** {@link #of(Variant, Model, LoraLayer, int)} reporting under {@code name} (a companion task's lane). */
    static Lane named(String name, Variant variant, Model model, LoraLayer first, int seed) {
        if (variant instanceof LoraVariant l) {
            return new Lane(name, model, l.method().addsToFrozenBase() ? first : null, l.bRate(), seed);
        }
        return new Lane(name, model, first, 1f, seed);
    }

    /**
     * The step-size factors of the model's LoRA B matrices ({@link FastOptimizer#adam(List, float,
     * Map)}): λ for each B under LoRA+; none when B learns at A's rate.
     */
    Map<Parameter, float[]> sliceRates() {
        Map<Parameter, float[]> rates = new IdentityHashMap<>();
        if (bRate != 1f) {
            collectB(model.getBlock(), rates);
        }
        return rates;
    }

    private void collectB(Block block, Map<Parameter, float[]> rates) {
        if (block instanceof LoraLayer layer) {
            rates.put(layer.loraB(), new float[] {bRate});
        }
        block.getChildren().values().forEach(child -> collectB(child, rates));
    }

    /** Whether the lane takes the next step: not stopped, diverged or at its step limit. */
    boolean stepping() {
        return active && !stepsDone;
    }

    FitResult result() {
        return new FitResult(List.copyOf(losses), List.copyOf(validationLosses), stoppedAt, divergedAt, divergedLoss);
    }
}
