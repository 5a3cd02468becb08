package dev.lorabench.app.run;

/** The two loss charts: the base's training and the variants' fine-tunes, each on its own axes. */
public enum LossPhase {
    BASE("Base training", "base training"),
    FINE_TUNE("Fine-tune", "the fine-tune");

    private final String label;
    private final String startLabel;

    LossPhase(String label, String startLabel) {
        this.label = label;
        this.startLabel = startLabel;
    }

    /** What "started" refers to in a wall-time axis label. */
    String startLabel() {
        return startLabel;
    }

    /** Whether a loss series belongs on this phase's chart: the base's on the base chart, every other on the fine-tune's. */
    public boolean holds(String series) {
        boolean base = series.equals(dev.lorabench.report.SeriesPalette.BASE)
                || series.equals(dev.lorabench.report.SeriesPalette.BASE + dev.lorabench.report.SeriesColors.VALIDATION_SUFFIX);
        return base == (this == BASE);
    }

    @Override
    public String toString() {
        return label;
    }
}
