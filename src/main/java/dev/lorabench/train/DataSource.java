package dev.lorabench.train;

import dev.lorabench.data.DataException;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.DatasetSpec;
import dev.lorabench.data.IdxReader;
import dev.lorabench.data.TrainTest;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a run's labelled images come from, by dataset name. */
@FunctionalInterface
public interface DataSource {

    /**
     * Loads {@code dataset}: a built-in name ({@code mnist}, {@code fashion-mnist}) or {@code
     * idx:DIR}, a folder with the four IDX files (raw or .gz) of an MNIST-like set.
     */
    TrainTest load(String dataset) throws DataException;

    /** Built-ins from the verified cache, {@code idx:DIR} straight from the folder. */
    static DataSource cached(DatasetCache cache) {
        return dataset -> {
            if (dataset.startsWith("idx:")) {
                Path dir = Path.of(dataset.substring(4));
                return new TrainTest(
                        IdxReader.read(idx(dir, "train-images-idx3-ubyte"), idx(dir, "train-labels-idx1-ubyte")),
                        IdxReader.read(idx(dir, "t10k-images-idx3-ubyte"), idx(dir, "t10k-labels-idx1-ubyte")));
            }
            return cache.load(DatasetSpec.byId(dataset));
        };
    }

    private static Path idx(Path dir, String name) throws DataException {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new DataException(dir + ": missing " + name + " (raw or .gz)");
    }
}
