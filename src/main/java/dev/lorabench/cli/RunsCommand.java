package dev.lorabench.cli;

import dev.lorabench.report.RunLedger;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lorabench runs}: the run ledger, oldest first; runs cut off by a crash show as interrupted. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List every run recorded on this machine (finished, failed, cancelled, interrupted).")
final class RunsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunLedger ledger = RunLedger.atDefaultLocation();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("ledger: %s%n", ledger.dir());
        for (RunLedger.Entry e : ledger.entries()) {
            out.printf("%-24s %-11s %s%s%s%n", e.started(), e.status(), e.description(),
                    e.outDir() == null ? "" : " -> " + e.outDir(),
                    e.message() == null ? "" : " (" + e.message() + ")");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
