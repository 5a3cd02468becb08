package dev.lorabench.data;

/** What the local cache holds for one dataset. */
public enum DatasetState {
    /** Nothing cached. */
    MISSING,
    /** All files present and verified. */
    CACHED,
    /** Something is present but incomplete, changed or unverified; fetch again. */
    CORRUPT
}
