package dev.lorabench.data;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/**
 * The small real MNIST subset in {@code src/test/resources/mnist-small}: the first 2000 train
 * and first 500 test images of MNIST, as gzipped IDX files (see the README there).
 *
 * <p>Shared test fixture: other packages' tests use {@link #load()} for real data and
 * {@link #spec()} to exercise fetching without network.
 */
public final class MnistSmall {

    public static final int TRAIN_SIZE = 2000;
    public static final int TEST_SIZE = 500;

    /** Train label counts for classes 0..9 (first 2000 MNIST train labels). */
    public static final int[] TRAIN_CLASS_COUNTS = {191, 220, 198, 191, 214, 180, 200, 224, 172, 210};

    /** Test label counts for classes 0..9 (first 500 MNIST test labels). */
    public static final int[] TEST_CLASS_COUNTS = {42, 67, 55, 45, 55, 50, 43, 49, 40, 54};

    private MnistSmall() {}

    /** The resource directory holding the four .gz files (must be on the file system, not in a jar). */
    public static Path dir() {
        URL url = MnistSmall.class.getResource("/mnist-small/train-images-idx3-ubyte.gz");
        if (url == null) {
            throw new IllegalStateException("mnist-small test resources are not on the classpath");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad resource URL " + url, e);
        }
    }

    /** A spec for the subset: id "mnist-small", SHA-256 of the RAW subset files, no npm, no system dir. */
    public static DatasetSpec spec() {
        return DatasetSpec.withMnistFileNames(
                "mnist-small",
                "MNIST test subset (2000 train, 500 test)",
                List.of("729d340c0177402770b27c04f817dfb40ed8844459b35a9f11ae21067b05cf19",
                        "90795ea2219655a7281c0d6756d0ae8a33bebac7ec84bac89bbdcc5e3baa9f8c",
                        "de0a55d8eb2a23fce4f596c5234b08b9c8ee685583a2b0e52f3a78eca48f9d89",
                        "60e902e82445d902e245e1b039469f36936d63cb28e81527a7bbba247c240af3"),
                DatasetSpec.MNIST.classNames(),
                null,
                null,
                "pass --from with src/test/resources/mnist-small");
    }

    /** The subset read straight from the resources, without any cache. */
    public static TrainTest load() {
        Path dir = dir();
        try {
            return new TrainTest(
                    IdxReader.read(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz")),
                    IdxReader.read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz")));
        } catch (DataException e) {
            throw new IllegalStateException("mnist-small test resources are unreadable: " + e.getMessage(), e);
        }
    }
}
