package dev.lorabench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.data.MnistSmall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLedgerTest {

    @TempDir Path tmp;

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
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                "-Dlorabench.data.dir=" + data,
                "-Dlorabench.cache.dir=" + tmp.resolve("cache"),
                "dev.lorabench.app.Launcher", "run", "--dataset", "idx:" + MnistSmall.dir(),
                "--base-epochs", "200", "--batch-size", "10", "--train-limit", "2000",
                "--out", tmp.resolve("out").toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (RunLedger.open(data.resolve("ledger")).entries().stream().noneMatch(e -> e.status().equals("running"))) {
                assertTrue(child.isAlive(), () -> "child ended early: " + readLog());
                assertTrue(System.nanoTime() < deadline, "the child never recorded its run");
                Thread.sleep(100);
            }
            Thread.sleep(1500); // well into training
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

    private String readLog() {
        try {
            return Files.readString(tmp.resolve("child.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
