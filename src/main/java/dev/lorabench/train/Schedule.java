package dev.lorabench.train;

/** How the variants of a sweep share the data: one after another (the only schedule so far). */
public enum Schedule {
    SEQUENTIAL
}
