package dev.lorabench.train;

/**
 * Looks at lanes' models while they train, at steps it chooses (the learning–forgetting
 * trajectory, {@link TrajectorySampler}). The {@link FitLoop} asks before the first step, after
 * each batch and once at the end, and syncs a lane's model before {@link #look}, so a stacked
 * lane's model holds its current weights. A probe only reads: the training does not change.
 */
interface LaneProbe {

    /** The probe that never looks. */
    LaneProbe NONE = new LaneProbe() {
        @Override
        public boolean due(Lane lane, int step, boolean last) {
            return false;
        }

        @Override
        public void look(Lane lane, int step) {}
    };

    /**
     * Whether to look at the lane after {@code step} steps (0: before the first); {@code last} when
     * the fit is over and this is the lane's final step.
     */
    boolean due(Lane lane, int step, boolean last);

    /** Looks at the lane's model, which holds its weights after {@code step} steps. */
    void look(Lane lane, int step);
}
