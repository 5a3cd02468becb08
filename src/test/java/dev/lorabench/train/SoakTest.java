package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Long use in one JVM: experiments and random cancels back to back. The default suite runs a short
 * version ({@code lorabench.soak.runs}, default 2); {@code ./mvnw -Psoak verify} runs 50 and also
 * holds resident memory to +5 %. Figures go to docs/reliability.md.
 */
@org.junit.jupiter.api.Tag("slow") // the default build skips it; ./mvnw -Pslow verify runs it
class SoakTest {

    private static final int RUNS = Integer.getInteger("lorabench.soak.runs", 2);
    private static final boolean STRICT_RSS = RUNS >= 20;

    @Test
    void experimentsAndCancelsLeaveNoNativeArraysBehind() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            TrainingService service = new TrainingService(executor, SmallRuns.MNIST_SMALL);
            ExperimentPlan plan = SmallRuns.mlp().setTrainLimit(300).setTestLimit(100).setFinetuneSteps(5)
                    .setRanks(List.of(1, 2)).setFull(RUNS >= 20).build();
            Random random = new Random(7);

            // Warm up (engine, JIT, allocator pools) before taking the baseline, counting the steps
            // of a run so that every cancel lands inside one (a later cancel would wait in vain).
            AtomicInteger steps = new AtomicInteger();
            for (int i = 0; i < 2; i++) {
                steps.set(0);
                assertNotNull(service.start(plan, e -> {
                    if (e instanceof TrainingEvent.StepLoss) {
                        steps.incrementAndGet();
                    }
                }).result().get(120, TimeUnit.SECONDS));
            }
            int stepsPerRun = steps.get();
            assertTrue(stepsPerRun > 1, "steps per run: " + stepsPerRun);
            System.gc();
            long arraysBefore = liveArrays();
            long rssBefore = rssKb();
            long started = System.nanoTime();
            int midRun = 0;
            for (int i = 0; i < RUNS; i++) {
                assertNotNull(service.start(plan, e -> { }).result().get(120, TimeUnit.SECONDS), "run " + i);
                // A second run, cancelled at a random step (0 = before its first step; the first
                // soak round always cancels mid-run). The listener holds the run at that step until
                // the cancel is in, so the cancel lands inside the run whatever the timing.
                int after = i == 0 ? 1 + random.nextInt(stepsPerRun - 1) : random.nextInt(stepsPerRun);
                CountDownLatch reached = new CountDownLatch(1);
                CountDownLatch resume = new CountDownLatch(1);
                AtomicInteger seen = new AtomicInteger();
                RecordingListener events = new RecordingListener();
                TrainingService.RunHandle handle = service.start(plan, e -> {
                    events.on(e);
                    if (e instanceof TrainingEvent.StepLoss && seen.incrementAndGet() == after) {
                        reached.countDown();
                        awaitOrFail(resume);
                    }
                });
                if (after > 0) {
                    assertTrue(reached.await(60, TimeUnit.SECONDS), "run " + i + " never reached step " + after);
                }
                handle.cancel();
                resume.countDown();
                ExecutionException ended = assertThrows(ExecutionException.class,
                        () -> handle.result().get(60, TimeUnit.SECONDS), "run " + i + " finished although cancelled at step " + after);
                assertInstanceOf(RunFailure.Cancelled.class, ended.getCause(), "run " + i);
                assertInstanceOf(TrainingEvent.RunCancelled.class, events.last(), "run " + i);
                assertTrue(events.of(TrainingEvent.RunFinished.class).isEmpty(), "run " + i);
                if (after > 0) {
                    midRun++;
                    assertTrue(seen.get() >= after && seen.get() < stepsPerRun,
                            "run " + i + ": cancelled at step " + after + ", saw " + seen.get() + " of " + stepsPerRun);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.gc();
            long arraysAfter = liveArrays();
            long rssAfter = rssKb();
            double growth = (rssAfter - rssBefore) / (double) rssBefore;
            System.out.printf("soak: %d runs + %d cancels (%d mid-run) in %.1f s; live NDArrays %d -> %d;"
                    + " RSS %d -> %d kB (%+.1f %%)%n", RUNS, RUNS, midRun, seconds, arraysBefore, arraysAfter,
                    rssBefore, rssAfter, growth * 100);

            assertEquals(arraysBefore, arraysAfter, "native arrays left behind");
            assertTrue(midRun >= 1, "no cancel landed mid-run");
            if (STRICT_RSS) {
                assertTrue(growth <= 0.05, "RSS grew " + growth * 100 + " %");
            }
            // Still usable afterwards.
            RunResult last = service.start(plan.toBuilder().setRanks(List.of(1)).build(), e -> { })
                    .result().get(120, TimeUnit.SECONDS);
            assertNotNull(last);
            assertTrue(last.variants().get(0).baseUnchanged());
        } finally {
            executor.shutdownNow();
        }
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the run");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Arrays alive anywhere under DJL's PyTorch system manager. */
    private static long liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
