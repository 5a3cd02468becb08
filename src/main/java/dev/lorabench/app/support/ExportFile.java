package dev.lorabench.app.support;

import java.io.File;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * One entry of an Export menu: its label and the suffix of its default file name. The save dialog's
 * filter follows from the suffix's extension, so the two menus (run and analysis) cannot disagree on it.
 */
public record ExportFile(String label, String suffix) {

    public ExportFile {
        if (suffix == null || suffix.lastIndexOf('.') < 0) {
            throw new IllegalArgumentException("suffix must end in an extension but was " + suffix);
        }
    }

    /** The extension with its dot, e.g. {@code .png}. */
    public String extension() {
        return suffix.substring(suffix.lastIndexOf('.'));
    }

    /** The save dialog's filter pattern, e.g. {@code *.png}. */
    public String pattern() {
        return "*" + extension();
    }

    /** The save dialog's filter name. */
    public String filterName() {
        return switch (extension()) {
            case ".png" -> "PNG image";
            case ".csv" -> "CSV file";
            case ".json" -> "JSON file";
            case ".params" -> "lorabench base";
            default -> extension().substring(1) + " file";
        };
    }

    /** Asks where to write this export, starting from {@code initialName}; null when the user cancels. */
    public File askTarget(Window owner, String initialName) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + label);
        chooser.setInitialFileName(initialName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(filterName(), pattern()));
        return chooser.showSaveDialog(owner);
    }
}
