package dev.lorabench.train;

import ai.djl.engine.Engine;

/** Reads the versions and thread settings of this process for run records and `doctor`. */
public final class RunEnvironments {

    private RunEnvironments() {}

    /** This program's version from the jar manifest, or "dev" when run from classes. */
    public static String lorabenchVersion() {
        String v = RunEnvironments.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Starts the engine if needed and describes it. */
    public static RunEnvironment current() {
        Engine engine = Engine.getInstance();
        return new RunEnvironment(
                lorabenchVersion(),
                Engine.getDjlVersion(),
                engine.getEngineName(),
                engine.getVersion(),
                Torch.intraOpThreads(),
                System.getProperty("java.version"));
    }

    public static int interopThreads() {
        Engine.getInstance();
        return Torch.interOpThreads();
    }
}
