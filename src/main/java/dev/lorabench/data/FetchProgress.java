package dev.lorabench.data;

/** Receives progress of a dataset fetch; called on the fetching thread. */
@FunctionalInterface
public interface FetchProgress {

    /** No-op progress, for callers that do not show any. */
    FetchProgress NONE = (phase, fraction) -> {};

    /**
     * @param phase what is happening, e.g. "verifying train-images-idx3-ubyte"
     * @param fraction 0..1 within the phase, or -1 when unknown
     */
    void update(String phase, double fraction);
}
