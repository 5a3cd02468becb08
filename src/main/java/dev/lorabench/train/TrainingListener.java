package dev.lorabench.train;

/**
 * Receives a run's events on the training thread, in order. Implementations must return quickly
 * (hand off to another thread if they draw).
 */
@FunctionalInterface
public interface TrainingListener {
    void on(TrainingEvent event);
}
