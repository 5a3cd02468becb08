package dev.lorabench.plan;

/**
 * How an image folder becomes a dataset.
 *
 * @param trainFraction share of each class for training
 * @param validationFraction share of each class for validation (the test set gets the rest)
 * @param imageSize images are resized to this many pixels a side
 * @param rgb keep colour (3 channels) instead of grayscale
 */
public record FolderOptions(double trainFraction, double validationFraction, int imageSize, boolean rgb) {

    public FolderOptions {
        if (!(trainFraction > 0 && validationFraction >= 0 && trainFraction + validationFraction < 1)) {
            throw new PlanException(PlanField.SPLIT, "split must have train > 0, validation >= 0 and train + validation < 1"
                    + " but was " + trainFraction + "," + validationFraction);
        }
        if (imageSize < 4 || imageSize > 512) {
            throw new PlanException(PlanField.IMAGE_SIZE, "image size must be in 4..512 but was " + imageSize);
        }
    }

    /** 70 % train, 15 % validation, 28×28 grayscale. */
    public static FolderOptions defaults() {
        return new FolderOptions(0.7, 0.15, 28, false);
    }
}
