package dev.lorabench.app.run;

import dev.lorabench.app.support.ExportFile;

/** What the Export menu can write. Charts are written as shown (axis, bands, Δ, hidden series), in light colours. */
public enum ExportKind {
    LOSS_PNG("Fine-tune loss chart (PNG)", "-loss.png"),
    LOSS_CHART_CSV("Fine-tune loss chart data (CSV)", "-loss-chart.csv"),
    BASE_LOSS_PNG("Base loss chart (PNG)", "-base-loss.png"),
    BASE_LOSS_CHART_CSV("Base loss chart data (CSV)", "-base-loss-chart.csv"),
    CLASS_ERRORS_PNG("Class-error chart (PNG)", "-class-errors.png"),
    LOSSES_CSV("Loss data, every step (CSV)", "-losses.csv"),
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
