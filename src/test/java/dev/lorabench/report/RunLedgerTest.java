package dev.lorabench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lorabench.data.MnistSmall;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLedgerTest {

    @TempDir Path tmp;

    private final StringBuffer log = new StringBuffer();

    @Test
    void entriesRecordStartAndEnd() throws Exception {
        RunLedger ledger = RunLedger.open(tmp.resolve("ledger"));
        RunLedger.Entry e = ledger.started("mlp on mnist", tmp.resolve("out"));
        assertEquals("running", ledger.entries().get(0).status());
        ledger.ended(e, "finished", null);
        RunLedger again = RunLedger.open(tmp.resolve("ledger"));
        assertEquals(1, again.entries().size());
        assertEquals("finished", again.entries().get(0).status());
        assertEquals(ProcessHandle.current().pid(), again.entries().get(0).pid());
    }

    @Test
    void aRunKilledMidwayIsListedAsInterruptedAndEarlierRunsStayIntact() throws Exception {
        Path data = tmp.resolve("data");
        RunLedger ledger = RunLedger.open(data.resolve("ledger"));
        ledger.ended(ledger.started("an earlier run", null), "finished", null);
        Path earlierFile = data.resolve("ledger").resolve(ledger.entries().get(0).id() + ".json");
        String earlier = Files.readString(earlierFile);

        // A real lorabench process, long enough to be caught mid-run, then SIGKILL.
        Process child = startTraining(data);
        try {
            assertTrue(RunLedger.open(data.resolve("ledger")).entries().stream().anyMatch(e -> e.status().equals("running")),
                    "a training run is in the ledger as running");
        } finally {
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no clean-up
            child.waitFor(10, TimeUnit.SECONDS);
        }

        List<RunLedger.Entry> entries = RunLedger.open(data.resolve("ledger")).entries();
        assertEquals(2, entries.size());
        assertEquals("finished", entries.get(0).status());
        assertEquals(earlier, Files.readString(earlierFile));
        assertEquals("interrupted", entries.get(1).status());
        assertEquals(child.pid(), entries.get(1).pid());
        assertTrue(Files.notExists(tmp.resolve("out").resolve("run.json")), "no partial output");
    }

    /** Ctrl-C (SIGINT) cancels the run at its next step; the ledger says so before the process ends, with exit 130. */
    @Test
    void ctrlCCancelsTheRunAndTheLedgerSaysCancelled() throws Exception {
        Path data = tmp.resolve("data");
        List<String> resetSigint = sigintAtDefault();
        assumeTrue(!resetSigint.isEmpty() || !sigintIgnored(Path.of("/proc/self/status")),
                "SIGINT is ignored in this JVM (started from a background shell or nohup) and env here cannot"
                        + " reset it (no --default-signal): a child would ignore Ctrl-C, so it cannot be tested");
        Process child = startTraining(data, resetSigint);
        int code;
        try {
            assertTrue(!sigintIgnored(Path.of("/proc", Long.toString(child.pid()), "status")),
                    "the child must get SIGINT at its default disposition");
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor(10, TimeUnit.SECONDS);
            // 60 s only guards against a hang.
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), () -> "still running after SIGINT: " + log);
            code = child.exitValue();
        } finally {
            child.destroyForcibly();
        }
        assertEquals(130, code, log::toString);
        List<RunLedger.Entry> entries = RunLedger.open(data.resolve("ledger")).entries();
        assertEquals(1, entries.size());
        assertEquals("cancelled", entries.get(0).status(), log::toString);
        assertEquals("run cancelled", entries.get(0).message());
        assertTrue(Files.notExists(tmp.resolve("out").resolve("run.json")), "no partial output");
    }

    /**
     * The command prefix that starts a child with SIGINT at its default disposition, as a shell
     * gives a foreground job whose Ctrl-C the test imitates. Why: a process started as a background
     * job of a non-interactive shell ({@code mvn test &}, nohup) has SIGINT ignored (POSIX), its
     * children inherit that through fork and exec, and HotSpot installs no SIGINT handler for an
     * ignored signal, so the shutdown hook never runs and the child trains on (seen once). No shell
     * can undo it ({@code trap - INT} does not reset a signal ignored on entry); GNU env can
     * ({@code --default-signal}, coreutils 8.31+). Empty where env lacks that option.
     */
    private static List<String> sigintAtDefault() throws InterruptedException {
        List<String> prefix = List.of("env", "--default-signal=INT");
        try {
            List<String> probe = new ArrayList<>(prefix);
            probe.add("true");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0 ? prefix : List.of();
        } catch (java.io.IOException noEnv) {
            return List.of();
        }
    }

    /** Whether the process whose /proc status file this is ignores SIGINT; false where there is no /proc. */
    private static boolean sigintIgnored(Path status) throws java.io.IOException {
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                // A hexadecimal mask with bit n−1 for signal n; SIGINT is 2.
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 0b10) != 0;
            }
        }
        return false;
    }

    private Process startTraining(Path data) throws Exception {
        return startTraining(data, List.of());
    }

    /**
     * Starts a real lorabench process that trains for long, and returns once it is training: its
     * first "step n/N" progress line on stderr means the run is recorded and stepping (the bar
     * prints once at the first step off a terminal). {@code prefix} runs it (it must exec it, so
     * that the child's pid is the JVM's).
     */
    private Process startTraining(Path data, List<String> prefix) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                "-Dlorabench.data.dir=" + data,
                "-Dlorabench.cache.dir=" + tmp.resolve("cache"),
                "dev.lorabench.app.Launcher", "run", "--dataset", "idx:" + MnistSmall.dir(),
                "--base-epochs", "200", "--batch-size", "10", "--train-limit", "2000",
                "--out", tmp.resolve("out").toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        AtomicBoolean training = new AtomicBoolean();
        CountDownLatch news = new CountDownLatch(1); // training, or the output ended
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    log.append(line).append('\n');
                    if (line.matches(".*\\bstep [0-9]+/[0-9]+.*")) {
                        training.set(true);
                        news.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                log.append(e).append('\n');
            } finally {
                news.countDown();
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            // 120 s only guards against a hang.
            assertTrue(news.await(120, TimeUnit.SECONDS), () -> "no progress from the child: " + log);
            assertTrue(training.get(), () -> "child ended before training: " + log);
            assertTrue(child.isAlive(), () -> "child ended early: " + log);
        } catch (AssertionError | InterruptedException e) {
            child.destroyForcibly();
            throw e;
        }
        return child;
    }
}
