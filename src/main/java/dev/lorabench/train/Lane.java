package dev.lorabench.train;

import ai.djl.Model;
import dev.lorabench.lora.LoraLayer;
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
        this.variant = variant;
        this.model = model;
        this.first = first;
    }

    /** Whether the lane takes the next step: not stopped, diverged or at its step limit. */
    boolean stepping() {
        return active && !stepsDone;
    }

    FitResult result() {
        return new FitResult(List.copyOf(losses), List.copyOf(validationLosses), stoppedAt, divergedAt, divergedLoss);
    }
}
