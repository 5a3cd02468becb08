package dev.lorabench.app.run;

/** What the loss charts' x axis counts. */
public enum XAxisMode {
    /** Optimizer steps. */
    STEP("step"),
    /** Training samples seen: step × the plan's batch size. */
    SAMPLES("samples seen"),
    /** Seconds since the curve's training started, as its losses arrived in the window. */
    WALL_TIME("wall time");

    private final String label;

    XAxisMode(String label) {
        this.label = label;
    }

    /** The x value of a loss; NaN in wall time when the arrival time is not known. */
    public double x(double step, double seconds, int batchSize) {
        return switch (this) {
            case STEP -> step;
            case SAMPLES -> step * batchSize;
            case WALL_TIME -> seconds;
        };
    }

    /** The axis label on a chart of {@code phase}. */
    public String axisLabel(LossPhase phase) {
        return switch (this) {
            case STEP -> "step";
            case SAMPLES -> "samples seen (step × batch size)";
            case WALL_TIME -> "seconds since " + phase.startLabel() + " started";
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
