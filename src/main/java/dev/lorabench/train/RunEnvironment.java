package dev.lorabench.train;

/** Versions and settings a run was made with, for the record. */
public record RunEnvironment(
        String lorabench, String djl, String engine, String engineVersion, int threads, String java) {}
