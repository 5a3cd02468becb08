package dev.lorabench.app.analysis;

/** What the analysis tabs export: each chart as PNG and its data as CSV. */
public enum AnalysisExport {
    INTEGRITY_CSV("Integrity certificate (CSV)", "-integrity.csv"),
    SPECTRUM_PNG("Singular value spectrum (PNG)", "-spectrum.png"),
    SPECTRUM_CSV("Singular values (CSV)", "-spectrum.csv"),
    SIMILARITY_PNG("Subspace similarity heat map (PNG)", "-similarity.png"),
    SIMILARITY_CSV("Subspace similarity (CSV)", "-similarity.csv"),
    TRUNCATION_PNG("Truncation curve (PNG)", "-truncation.png"),
    TRUNCATION_CSV("Truncation curve (CSV)", "-truncation.csv"),
    GAIN_PNG("Gain / forgetting chart (PNG)", "-gain-forgetting.png"),
    GAIN_CSV("Gain / forgetting data (CSV)", "-gain-forgetting.csv"),
    PRIMER_PNG("SVD primer error curve (PNG)", "-svd-primer.png"),
    PRIMER_CSV("SVD primer data (CSV)", "-svd-primer.csv");

    private final String label;
    private final String suffix;

    AnalysisExport(String label, String suffix) {
        this.label = label;
        this.suffix = suffix;
    }

    public String label() {
        return label;
    }

    public String suffix() {
        return suffix;
    }

    public boolean isPng() {
        return suffix.endsWith(".png");
    }

    public String filterName() {
        return isPng() ? "PNG image" : "CSV file";
    }

    public String pattern() {
        return isPng() ? "*.png" : "*.csv";
    }
}
