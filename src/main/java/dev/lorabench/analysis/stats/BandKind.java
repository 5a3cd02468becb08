package dev.lorabench.analysis.stats;

/** Which spread a curve band shows around the mean over seeds. */
public enum BandKind {
    /** From the lowest to the highest seed: every seed's curve lies inside. */
    MIN_MAX("min–max"),
    /** Mean ± one sample standard deviation. */
    SD("±1 sd");

    private final String label;

    BandKind(String label) {
        this.label = label;
    }

    /** The band's name for a legend. */
    public String label() {
        return label;
    }
}
