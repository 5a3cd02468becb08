package dev.lorabench.train;

/** How a trained adapter takes part in an evaluation. */
public enum AdapterMode {
    /** Switched off: the output is the base's. */
    OFF,
    /** On, as a separate s·B·A path. */
    ON,
    /** Folded into the base weights (W + s·B·A), then unmerged again afterwards. */
    MERGED
}
