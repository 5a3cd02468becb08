package dev.lorabench.app.form;

import dev.lorabench.data.DatasetSpec;
import dev.lorabench.plan.DatasetRef;
import java.util.List;
import java.util.stream.IntStream;

/** The dataset options of the Dataset panel. */
public enum DatasetChoice {
    MNIST("MNIST", DatasetSpec.MNIST),
    FASHION_MNIST("Fashion-MNIST", DatasetSpec.FASHION_MNIST),
    SYNTHETIC("Synthetic regression", null),
    IDX_FOLDER("IDX folder…", null),
    IMAGE_FOLDER("Image folder…", null);

    private static final List<String> DIGITS = IntStream.range(0, 10).mapToObj(String::valueOf).toList();

    private final String label;
    private final DatasetSpec spec;

    DatasetChoice(String label, DatasetSpec spec) {
        this.label = label;
        this.spec = spec;
    }

    /** The cached built-in dataset behind this choice, or null (synthetic, a folder). */
    public DatasetSpec spec() {
        return spec;
    }

    /** Whether the data comes from a folder the user picks (IDX files or image sub-folders). */
    public boolean isFolder() {
        return this == IDX_FOLDER || this == IMAGE_FOLDER;
    }

    /** The plan's dataset spelling ({@link DatasetRef#id()}). */
    public String datasetId(String idxFolder) {
        if (this == IDX_FOLDER) {
            return DatasetRef.IDX_PREFIX + (idxFolder == null ? "" : idxFolder.trim());
        }
        if (this == IMAGE_FOLDER) {
            return DatasetRef.FOLDER_PREFIX + (idxFolder == null ? "" : idxFolder.trim());
        }
        return this == SYNTHETIC ? "synthetic" : spec.id();
    }

    /** The class names shown on the class chips. */
    public List<String> classNames() {
        return spec != null ? spec.classNames() : DIGITS;
    }

    /** The choice for a plan's dataset. */
    public static DatasetChoice of(DatasetRef dataset) {
        if (dataset instanceof DatasetRef.IdxFolder) {
            return IDX_FOLDER;
        }
        if (dataset instanceof DatasetRef.ImageFolder) {
            return IMAGE_FOLDER;
        }
        if (dataset instanceof DatasetRef.Synthetic) {
            return SYNTHETIC;
        }
        return dataset.id().equals(DatasetSpec.FASHION_MNIST.id()) ? FASHION_MNIST : MNIST;
    }

    /** The folder of a folder dataset, else null. */
    public static String folderOf(DatasetRef dataset) {
        if (dataset instanceof DatasetRef.IdxFolder f) {
            return f.folder();
        }
        return dataset instanceof DatasetRef.ImageFolder f ? f.folder() : null;
    }

    @Override
    public String toString() {
        return label;
    }
}
