package dev.lorabench.cli;

import dev.lorabench.data.DatasetCache;
import dev.lorabench.train.BaseCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lorabench cache list|clear}: the bases kept for reuse (ADR 0025). */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "List or clear the cached bases (reused by runs of the same base recipe).",
        subcommands = {CacheCommand.ListBases.class, CacheCommand.Clear.class})
final class CacheCommand extends CommandGroup {

    /** The base cache under the cache root the datasets use. */
    static BaseCache bases() {
        return BaseCache.under(DatasetCache.defaultRoot());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the cached bases: key, model, dataset, base epochs, seed, size, when made.")
    static final class ListBases implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            BaseCache cache = bases();
            List<BaseCache.Entry> entries = cache.list();
            PrintWriter out = spec.commandLine().getOut();
            if (entries.isEmpty()) {
                out.printf("no cached bases in %s%n", cache.dir());
                out.flush();
                return ExitCodes.OK;
            }
            out.printf("%-12s  %-9s %-24s %6s %6s %9s  %s%n", "key", "model", "dataset", "epochs", "seed", "size", "created");
            long total = 0;
            for (BaseCache.Entry e : entries) {
                total += e.bytes();
                if (e.problem() != null) {
                    out.printf("%-12s  %s, %s%n", shortKey(e.key()), megabytes(e.bytes()),
                            e.problem());
                    continue;
                }
                out.printf("%-12s  %-9s %-24s %6d %6d %9s  %s%n", shortKey(e.key()), e.architecture(),
                        e.dataset(), e.epochs(), e.seed(), megabytes(e.bytes()), e.created().truncatedTo(ChronoUnit.SECONDS));
            }
            out.printf("%d cached base%s, %s in %s%n", entries.size(), entries.size() == 1 ? "" : "s", megabytes(total), cache.dir());
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Delete every cached base.")
    static final class Clear implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            BaseCache cache = bases();
            BaseCache.Cleared cleared = cache.clear();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("removed %d cached base%s (%s) from %s%n", cleared.entries(), cleared.entries() == 1 ? "" : "s",
                    megabytes(cleared.bytes()), cache.dir());
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** The first 12 hex digits, enough to tell entries apart; the folder has the whole key. */
    static String shortKey(String key) {
        return key.length() > 12 ? key.substring(0, 12) : key;
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
