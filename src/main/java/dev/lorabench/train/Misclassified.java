package dev.lorabench.train;

/**
 * A test image a model gets wrong.
 *
 * @param testIndex its row in the run's test set
 * @param trueClass the label
 * @param predicted the class the model chose
 * @param confidence the softmax probability of {@code predicted}
 * @param pixels the raw image, row-major (grayscale, or RGB interleaved when channels is 3)
 */
public record Misclassified(
        int testIndex, int trueClass, int predicted, float confidence, int rows, int cols, int channels, byte[] pixels) {}
