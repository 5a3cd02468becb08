package dev.lorabench.cli;

import ai.djl.util.Utils;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.DatasetSpec;
import dev.lorabench.data.DatasetStatus;
import dev.lorabench.train.RunEnvironment;
import dev.lorabench.train.RunEnvironments;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints what the workbench runs on: engine, threads, caches, datasets. Touches no network. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Show the engine, its version and threads, the native cache and each dataset's status.")
final class DoctorCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RunEnvironment env = RunEnvironments.current();
        out.printf("lorabench      %s%n", env.lorabench());
        out.printf("java           %s (%s)%n", env.java(), System.getProperty("java.vendor"));
        out.printf("engine         %s %s (DJL %s)%n", env.engine(), env.engineVersion(), env.djl());
        out.printf("threads        intra-op %d, inter-op %d, cores %d%n",
                env.threads(), RunEnvironments.interopThreads(), Runtime.getRuntime().availableProcessors());
        out.printf("offline        ai.djl.offline=%s, tracking opt-out=%s%n",
                System.getProperty("ai.djl.offline"), System.getProperty("OPT_OUT_TRACKING"));
        out.printf("native cache   %s%n", Utils.getEngineCacheDir("pytorch"));
        DatasetCache cache = DatasetCache.atDefaultRoot();
        out.printf("data cache     %s%n", cache.root());
        for (DatasetSpec ds : DatasetSpec.builtIns()) {
            DatasetStatus status = cache.status(ds);
            out.printf("dataset        %-14s %-8s %s%n", ds.id(), status.state(),
                    status.detail() == null ? "" : status.detail());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
