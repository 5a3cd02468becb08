package dev.lorabench.data;

import java.util.Objects;

/** A train and test pair of the same dataset. */
public record TrainTest(ImageSet train, ImageSet test) {

    public TrainTest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }
}
