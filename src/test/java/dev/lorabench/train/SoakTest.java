package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Long use in one JVM: experiments and random cancels back to back. The default suite runs a short
 * version ({@code lorabench.soak.runs}, default 3); {@code ./mvnw -Psoak verify} runs 50 and also
 * holds resident memory to +5 %. Figures go to docs/reliability.md.
 */
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
            int cancelled = 0;
            for (int i = 0; i < RUNS; i++) {
                assertNotNull(service.start(plan, e -> { }).result().get(120, TimeUnit.SECONDS), "run " + i);
                // A second run, cancelled after a random number of steps (0 = before its first step).
                int after = random.nextInt(stepsPerRun);
                CountDownLatch reached = new CountDownLatch(after);
                TrainingService.RunHandle handle = service.start(plan, e -> {
                    if (e instanceof TrainingEvent.StepLoss) {
                        reached.countDown();
                    }
                });
                reached.await(60, TimeUnit.SECONDS);
                handle.cancel();
                RunResult r = handle.result().get(60, TimeUnit.SECONDS);
                if (r == null) {
                    cancelled++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.gc();
            long arraysAfter = liveArrays();
            long rssAfter = rssKb();
            double growth = (rssAfter - rssBefore) / (double) rssBefore;
            System.out.printf("soak: %d runs + %d cancels (%d hit mid-run) in %.1f s; live NDArrays %d -> %d;"
                    + " RSS %d -> %d kB (%+.1f %%)%n", RUNS, RUNS, cancelled, seconds, arraysBefore, arraysAfter,
                    rssBefore, rssAfter, growth * 100);

            assertEquals(arraysBefore, arraysAfter, "native arrays left behind");
            assertTrue(cancelled > 0 || RUNS < 5, "no cancel landed mid-run");
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
