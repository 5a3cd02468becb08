package dev.lorabench.app.run;

/** What the Export menu can write. */
public enum ExportKind {
    LOSS_PNG("Loss chart (PNG)", "-loss.png", "PNG image", "*.png"),
    CLASS_ERRORS_PNG("Class-error chart (PNG)", "-class-errors.png", "PNG image", "*.png"),
    LOSSES_CSV("Loss data (CSV)", "-losses.csv", "CSV file", "*.csv"),
    CLASS_ERRORS_CSV("Class-error data (CSV)", "-class-errors.csv", "CSV file", "*.csv"),
    RUN_JSON("Run record (JSON)", "-run.json", "JSON file", "*.json"),
    BASE_PARAMS("Base parameters (base.params)", "-base.params", "lorabench base", "*.params");

    private final String label;
    private final String suffix;
    private final String filterName;
    private final String pattern;

    ExportKind(String label, String suffix, String filterName, String pattern) {
        this.label = label;
        this.suffix = suffix;
        this.filterName = filterName;
        this.pattern = pattern;
    }

    public String label() {
        return label;
    }

    public String suffix() {
        return suffix;
    }

    public String filterName() {
        return filterName;
    }

    public String pattern() {
        return pattern;
    }
}
