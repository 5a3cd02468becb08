package dev.lorabench.train;

/**
 * How to run a plan, apart from the plan: choices that never change a result, so they are not part
 * of the plan, its run.json {@code config} or its saved settings.
 *
 * @param baseCache reuse a cached base of the same recipe and keep a newly trained one (ADR 0025);
 *     off: {@code --no-base-cache}, or the GUI's "Reuse cached bases" unticked
 */
public record RunOptions(boolean baseCache) {

    /** The base cache on. */
    public static RunOptions defaults() {
        return new RunOptions(true);
    }

    public RunOptions withBaseCache(boolean on) {
        return new RunOptions(on);
    }
}
