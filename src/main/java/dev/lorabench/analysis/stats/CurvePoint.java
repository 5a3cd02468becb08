package dev.lorabench.analysis.stats;

/** One point of a curve over training: the value (a loss) after a step. */
public record CurvePoint(int step, double value) {}
