package dev.lorabench.train;

/**
 * How a fit trains: the loss (squared error for regression, else softmax cross-entropy), epochs,
 * an optional step limit, batch size, Adam's learning rate, the seed of the batch order and the
 * early-stopping patience (epochs without a better validation loss; 0: off).
 */
record FitRecipe(boolean regression, int epochs, int maxSteps, int batchSize, float lr, long seed, int patience) {

    FitRecipe {
        if (epochs < 1 || batchSize < 1 || maxSteps < 0 || patience < 0) {
            throw new IllegalArgumentException("a fit needs epochs ≥ 1, batch size ≥ 1, step limit ≥ 0 and patience ≥ 0"
                    + " but got " + epochs + ", " + batchSize + ", " + maxSteps + ", " + patience);
        }
    }

    /** Steps the fit takes over {@code n} samples. */
    long steps(int n) {
        long perEpoch = (n + batchSize - 1) / batchSize;
        long all = perEpoch * epochs;
        return maxSteps > 0 ? Math.min(all, maxSteps) : all;
    }
}
