package dev.lorabench.app;

import dev.lorabench.train.RunOptions;
import java.util.Properties;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The window's run options, the choices beside the plan that the command line takes as flags
 * ({@link RunOptions}): reuse cached bases (ADR 0025; {@code --no-base-cache} unticked) and the
 * analysis on the whole test set ({@code --full-test-analysis}). Saved with the window's settings
 * under {@code run.}, not with the plan's.
 */
public final class RunSettings {

    private final BooleanProperty reuseBases = new SimpleBooleanProperty(true);
    private final BooleanProperty fullTestAnalysis = new SimpleBooleanProperty(false);

    /** Whether runs reuse a cached base of the same recipe (and keep new ones). */
    public BooleanProperty reuseBasesProperty() { return reuseBases; }

    /**
     * Whether the truncation curve and the merge checks run on the whole test set instead of its
     * class-stratified subset of {@value RunOptions#ANALYSIS_SUBSET_ROWS} rows.
     */
    public BooleanProperty fullTestAnalysisProperty() { return fullTestAnalysis; }

    /** The options for the next run, as the command line's flags would give them. */
    public RunOptions options() {
        return RunOptions.defaults().withBaseCache(reuseBases.get()).withFullTestAnalysis(fullTestAnalysis.get());
    }

    /** Reads the options back; a missing entry is the default (reuse on, whole test set off). */
    void load(Properties props) {
        reuseBases.set(!"false".equals(props.getProperty("run.reuseBases")));
        fullTestAnalysis.set("true".equals(props.getProperty("run.fullTestAnalysis")));
    }

    void save(Properties props) {
        props.setProperty("run.reuseBases", Boolean.toString(reuseBases.get()));
        props.setProperty("run.fullTestAnalysis", Boolean.toString(fullTestAnalysis.get()));
    }
}
