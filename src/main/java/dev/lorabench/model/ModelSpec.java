package dev.lorabench.model;

import ai.djl.ndarray.types.Shape;

/**
 * What to build: an architecture for inputs of {@code channels × height × width} values (fed
 * flat, one row per sample) and {@code outputs} outputs (classes, or regression targets).
 */
public record ModelSpec(Architecture architecture, int channels, int height, int width, int outputs) {

    public ModelSpec {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "input must be at least 1x1x1 but was " + channels + "x" + height + "x" + width);
        }
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be at least 1 but was " + outputs);
        }
    }

    /** The seeds' MLP: 784 → 1000 → 2000 → 10. */
    public static ModelSpec mlpMnist() {
        return new ModelSpec(Architecture.MLP, 1, 28, 28, 10);
    }

    public static ModelSpec forImages(Architecture architecture, int channels, int height, int width, int classes) {
        return new ModelSpec(architecture, channels, height, width, classes);
    }

    /** The toy regressor: {@code in} features to {@code out} targets. */
    public static ModelSpec linear(int in, int out) {
        return new ModelSpec(Architecture.LINEAR, 1, 1, in, out);
    }

    public int inputSize() {
        return channels * height * width;
    }

    /** The shape of a batch as the model receives it: flat rows. */
    public Shape batchShape(long batch) {
        return new Shape(batch, inputSize());
    }
}
