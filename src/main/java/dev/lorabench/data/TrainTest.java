package dev.lorabench.data;

import java.util.Objects;

/**
 * A train and test pair of the same dataset, and a validation part when the source has one
 * (image folders do; MNIST does not: {@code validation} is null).
 */
public record TrainTest(ImageSet train, ImageSet test, ImageSet validation) {

    public TrainTest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }

    public TrainTest(ImageSet train, ImageSet test) {
        this(train, test, null);
    }
}
