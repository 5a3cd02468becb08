package dev.lorabench.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The cache state of one dataset.
 *
 * @param dir where the dataset lives (or would live) in the cache
 * @param detail one human line: what is there, or which file is wrong and how
 */
public record DatasetStatus(DatasetSpec spec, DatasetState state, Path dir, String detail) {

    public DatasetStatus {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(detail, "detail");
    }
}
