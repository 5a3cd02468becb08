package dev.lorabench.train;

import dev.lorabench.plan.DatasetRef;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.FolderOptions;
import dev.lorabench.data.DataException;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.DatasetSpec;
import dev.lorabench.data.IdxReader;
import dev.lorabench.data.ImageFolders;
import dev.lorabench.data.TrainTest;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a run's labelled images come from, by dataset name. */
@FunctionalInterface
public interface DataSource {

    /**
     * Loads {@code dataset}: a built-in name ({@code mnist}, {@code fashion-mnist}), {@code
     * idx:DIR}, a folder with the four IDX files (raw or .gz) of an MNIST-like set, or {@code
     * folder:DIR}, one sub-folder of images per class ({@link ImageFolders}, default options: 28×28
     * grayscale, 70% train and 15% test per class; the 15% validation part is not used by runs).
     */
    TrainTest load(String dataset) throws DataException;

    /**
     * Loads the plan's dataset with the plan's options where the source has any (image folders:
     * size, colour, split fractions, seed). By default the same as {@link #load(String)}.
     */
    default TrainTest load(ExperimentPlan plan) throws DataException {
        return load(plan.dataset().id());
    }

    /** Built-ins from the verified cache, IDX and image folders from disk. */
    static DataSource cached(DatasetCache cache) {
        return new DataSource() {
            @Override
            public TrainTest load(String dataset) throws DataException {
                return read(DatasetRef.parse(dataset, FolderOptions.defaults()), 42);
            }

            @Override
            public TrainTest load(ExperimentPlan plan) throws DataException {
                return read(plan.dataset(), plan.seed());
            }

            private TrainTest read(DatasetRef dataset, long seed) throws DataException {
                if (dataset instanceof DatasetRef.ImageFolder f) {
                    FolderOptions o = f.options();
                    return ImageFolders.load(f.dir(), new ImageFolders.Options(o.imageSize(), o.imageSize(), o.rgb(),
                            o.trainFraction(), o.validationFraction(), seed)).trainTest();
                }
                if (dataset instanceof DatasetRef.IdxFolder f) {
                    Path dir = f.dir();
                    return new TrainTest(
                            IdxReader.read(idx(dir, "train-images-idx3-ubyte"), idx(dir, "train-labels-idx1-ubyte")),
                            IdxReader.read(idx(dir, "t10k-images-idx3-ubyte"), idx(dir, "t10k-labels-idx1-ubyte")));
                }
                return cache.load(DatasetSpec.byId(dataset.id()));
            }
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
