package dev.lorabench.app.run;

import dev.lorabench.app.support.ExportFile;

/** What the Export menu can write. */
public enum ExportKind {
    LOSS_PNG("Loss chart (PNG)", "-loss.png"),
    CLASS_ERRORS_PNG("Class-error chart (PNG)", "-class-errors.png"),
    LOSSES_CSV("Loss data (CSV)", "-losses.csv"),
    CLASS_ERRORS_CSV("Class-error data (CSV)", "-class-errors.csv"),
    RUN_JSON("Run record (JSON)", "-run.json"),
    BASE_PARAMS("Base parameters (base.params)", "-base.params");

    private final ExportFile file;

    ExportKind(String label, String suffix) {
        this.file = new ExportFile(label, suffix);
    }

    /** The menu label, the default name's suffix and the save dialog's filter. */
    public ExportFile file() {
        return file;
    }
}
