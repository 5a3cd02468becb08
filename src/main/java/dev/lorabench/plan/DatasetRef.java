package dev.lorabench.plan;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a run's data comes from. {@link #id()} is the CLI's and run.json's spelling ({@code
 * mnist}, {@code idx:DIR}, {@code folder:DIR}, {@code synthetic}); {@link #parse} is the one place
 * that reads it.
 */
public sealed interface DatasetRef {

    String IDX_PREFIX = "idx:";
    String FOLDER_PREFIX = "folder:";

    /** The spelling the CLI takes and run.json records. */
    String id();

    /** A built-in, cached dataset such as {@code mnist} or {@code fashion-mnist} (checked when loaded). */
    record BuiltIn(String name) implements DatasetRef {
        public BuiltIn {
            Objects.requireNonNull(name, "name");
        }

        @Override public String id() { return name; }
        @Override public String toString() { return id(); }
    }

    /** A folder with the four IDX files (raw or .gz) of an MNIST-like set. */
    record IdxFolder(String folder) implements DatasetRef {
        public Path dir() { return Path.of(folder); }
        @Override public String id() { return IDX_PREFIX + folder; }
        @Override public String toString() { return id(); }
    }

    /** A folder with one sub-folder of images per class, split and resized by {@code options}. */
    record ImageFolder(String folder, FolderOptions options) implements DatasetRef {
        public ImageFolder {
            Objects.requireNonNull(options, "options");
        }

        public Path dir() { return Path.of(folder); }
        @Override public String id() { return FOLDER_PREFIX + folder; }
        @Override public String toString() { return id(); }
    }

    /** The toy regression set of the linear model. */
    record Synthetic() implements DatasetRef {
        @Override public String id() { return "synthetic"; }
        @Override public String toString() { return id(); }
    }

    /** Reads the CLI spelling; an image folder gets {@code folderOptions}. */
    static DatasetRef parse(String id, FolderOptions folderOptions) {
        Objects.requireNonNull(id, "dataset");
        if (id.startsWith(IDX_PREFIX)) {
            return new IdxFolder(id.substring(IDX_PREFIX.length()));
        }
        if (id.startsWith(FOLDER_PREFIX)) {
            return new ImageFolder(id.substring(FOLDER_PREFIX.length()), folderOptions);
        }
        return id.equals("synthetic") ? new Synthetic() : new BuiltIn(id);
    }

    /** The image-folder options of this dataset, or the defaults for any other kind. */
    default FolderOptions folderOptions() {
        return this instanceof ImageFolder f ? f.options() : FolderOptions.defaults();
    }
}
