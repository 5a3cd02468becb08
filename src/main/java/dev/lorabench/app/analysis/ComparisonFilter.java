package dev.lorabench.app.analysis;

/** Which pairwise comparisons the Comparisons tab lists. */
public enum ComparisonFilter {
    /** Every pair overall and on the fine-tuned classes: the questions the run asked. */
    ASKED("overall and fine-tuned classes"),
    /** Only the significant findings, on any class. */
    SIGNIFICANT("significant only"),
    /** Every pair on every scope. */
    ALL("all classes");

    private final String label;

    ComparisonFilter(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
