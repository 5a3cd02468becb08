package dev.lorabench.cli;

import dev.lorabench.Offline;
import dev.lorabench.data.DataException;
import dev.lorabench.train.RunFailure;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The headless entry: parses arguments, runs the command, and turns every failure into one line
 * on stderr and an exit code (2 usage, 3 data, 130 cancelled), never a stack trace.
 */
public final class Cli {

    private Cli() {}

    /** Runs the command line; returns the process exit code. */
    public static int run(String... args) {
        Offline.enforce();
        return commandLine().execute(args);
    }

    /** The configured picocli command line (exposed for tests that capture output). */
    public static CommandLine commandLine() {
        return withHandlers(new CommandLine(new LorabenchCommand()));
    }

    /**
     * Installs lorabench's failure handling on {@code cli}: one line on stderr and an exit code
     * (shared with the tools outside the product, such as the benchmarks); returns it.
     */
    public static CommandLine withHandlers(CommandLine cli) {
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("lorabench: " + ex.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine.getErr()));
        return cli;
    }

    /** Prints a command's failure as one line and returns its exit code. */
    static int report(Exception ex, PrintWriter err) {
        int code;
        if (ex instanceof RunFailure f) {
            code = ExitCodes.of(f);
        } else if (ex instanceof DataException) {
            code = ExitCodes.DATA;
        } else if (ex instanceof IllegalArgumentException) {
            code = ExitCodes.USAGE;
        } else {
            code = ExitCodes.FAILED;
        }
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        err.println("lorabench: " + message.lines().findFirst().orElse(message));
        err.flush();
        return code;
    }
}
