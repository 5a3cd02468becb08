package dev.lorabench.train;

/** The training loss after one optimizer step (steps count from 1 within a variant). */
public record LossPoint(int step, double loss) {}
