package dev.lorabench.app.analysis;

import dev.lorabench.app.support.ExportFile;

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
    PARETO_PNG("Pareto chart (PNG)", "-pareto.png"),
    PARETO_CSV("Pareto points (CSV)", "-pareto.csv"),
    TRAJECTORY_PNG("Learning–forgetting trajectories (PNG)", "-trajectories.png"),
    TRAJECTORY_CSV("Trajectory points (CSV)", "-trajectories.csv"),
    CONFUSION_PNG("Confusion matrix (PNG)", "-confusion.png"),
    CONFUSION_CSV("Confusion matrix (CSV)", "-confusion.csv"),
    COMPARISONS_CSV("Comparisons over seeds (CSV)", "-comparisons.csv"),
    PRIMER_PNG("SVD primer error curve (PNG)", "-svd-primer.png"),
    PRIMER_CSV("SVD primer data (CSV)", "-svd-primer.csv"),
    PHI_RANKS_PNG("φ between ranks heat map (PNG)", "-phi-ranks.png"),
    PHI_SEEDS_PNG("φ between seeds heat map (PNG)", "-phi-seeds.png"),
    PHI_RANDOM_PNG("φ of the Gaussian control (PNG)", "-phi-random.png"),
    PHI_CSV("φ grids, every layer (CSV)", "-phi.csv"),
    AMPLIFICATION_CSV("Amplification table, every layer (CSV)", "-amplification.csv"),
    INTRUDER_COUNTS_PNG("Intruders over ε (PNG)", "-intruders-over-epsilon.png"),
    INTRUDER_SIMILARITY_PNG("Intruder similarity matrix (PNG)", "-intruder-similarity.png"),
    INTRUDER_REDUCTION_PNG("Class errors with intruders reduced (PNG)", "-intruders-reduced.png"),
    INTRUDERS_CSV("Intruder counts at k and ε, every layer (CSV)", "-intruders.csv"),
    INTRUDER_COUNTS_CSV("Intruders over ε, every layer (CSV)", "-intruders-over-epsilon.csv"),
    INTRUDER_SIMILARITY_CSV("Intruder similarity matrices, every layer (CSV)", "-intruder-similarity.csv"),
    DW_TIMELINE_CSV("ΔW over time, every variant and layer (CSV)", "-dw-timeline.csv"),
    DW_STEP_SPECTRUM_PNG("ΔW spectrum at the chosen step (PNG)", "-dw-step-spectrum.png"),
    DW_RANKS_PNG("ΔW ranks and φ over the steps (PNG)", "-dw-ranks.png"),
    DW_DIRECTION_PNG("Direction removed: Δ errors per class (PNG)", "-dw-direction.png"),
    DW_DIRECTION_CSV("Direction removed: errors per class (CSV)", "-dw-direction.csv"),
    ALGEBRA_PNG("Adapter algebra: errors per class (PNG)", "-adapter-algebra.png"),
    ALGEBRA_CSV("Adapter algebra: errors per class (CSV)", "-adapter-algebra.csv");

    private final ExportFile file;

    AnalysisExport(String label, String suffix) {
        this.file = new ExportFile(label, suffix);
    }

    /** The menu label, the default name's suffix and the save dialog's filter. */
    public ExportFile file() {
        return file;
    }
}
