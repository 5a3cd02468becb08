package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.lora.LoraTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing the window interrupts the training thread. While a lane steps on the second thread
 * (beside a LoRA stack), the fit loop must not return, and so must not let its models be closed,
 * before that step has ended: it waits for the step, then ends the run as cancelled.
 *
 * <p>The order is made certain without timing: the training thread interrupts itself when the
 * stack has stepped (an event), and the lane step on the other thread starts only once the
 * training thread has reacted, either by ending (the defect) or by waiting again.
 */
class LaneShutdownTest {

    @Test
    void anInterruptDuringALaneStepWaitsForItThenCancels() throws Exception {
        Engine.getInstance();
        List<Model> models = new ArrayList<>();
        ExecutorService real = FitLoop.newLaneWorker();
        try (NDManager manager = NDManager.newBaseManager();
                TensorSet train = TensorSet.of(manager, samples(64))) {
            Lane r1 = lane(1, models);
            Lane r2 = lane(2, models);
            Lane full = lane(0, models);
            AtomicReference<Thread> trainer = new AtomicReference<>();
            CountDownLatch stackStepped = new CountDownLatch(1);
            List<String> violations = new CopyOnWriteArrayList<>();
            AtomicBoolean asideRan = new AtomicBoolean();
            AtomicBoolean loopEnded = new AtomicBoolean();
            CountDownLatch gated = new CountDownLatch(1);
            ExecutorService gate = new GatedWorker(real, () -> {
                try {
                    awaitReaction(stackStepped, trainer.get());
                    if (loopEnded.get()) {
                        violations.add("the fit loop ended (and closed its trainers) while a step was pending");
                        throw new IllegalStateException("not run on a closed lane");
                    }
                    asideRan.set(true);
                } finally {
                    gated.countDown();
                }
            });
            TrainingListener listener = event -> {
                if (event instanceof TrainingEvent.StepLoss s && s.variant().equals("r1")
                        && Thread.currentThread() == trainer.get() && stackStepped.getCount() > 0) {
                    Thread.currentThread().interrupt(); // as WorkbenchApp.stop's shutdownNow would
                    stackStepped.countDown();
                }
            };
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    new FitLoop(new RunContext(listener, new AtomicBoolean(), 0)).withLaneWorker(gate)
                            .fitAll(List.of(r1, r2, full), train, null, new FitRecipe(false, 1, 0, 8, 1e-3f, 5, 0));
                } catch (Throwable t) {
                    outcome.set(t);
                } finally {
                    loopEnded.set(true);
                }
            }, "training");
            trainer.set(thread);
            thread.start();
            thread.join(TimeUnit.MINUTES.toMillis(2)); // hang guards only
            assertFalse(thread.isAlive(), "the fit loop ended");
            assertTrue(gated.await(2, TimeUnit.MINUTES), "the pending lane step was looked at");
            assertTrue(violations.isEmpty(), violations::toString);
            assertTrue(asideRan.get(), "the pending lane step ran on open models");
            assertInstanceOf(RunCancelledException.class, outcome.get(), "the interrupt cancelled the run");
            assertEquals(1, full.losses.size(), "the pending step finished and was counted: " + full.losses);
        } finally {
            real.shutdownNow();
            models.forEach(Model::close);
        }
    }

    /**
     * Waits until the training thread, interrupted, has reacted: ended (it left the fit loop) or
     * parked again with its interrupt consumed (it waits for this step).
     */
    private static void awaitReaction(CountDownLatch stackStepped, Thread trainer) {
        try {
            stackStepped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        while (true) {
            Thread.State state = trainer.getState();
            if (state == Thread.State.TERMINATED
                    || (state == Thread.State.WAITING && !trainer.isInterrupted())) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** Runs each task on {@code real} after {@code before} (the test's gate) has run. */
    private static final class GatedWorker extends AbstractExecutorService {
        private final ExecutorService real;
        private final Runnable before;

        GatedWorker(ExecutorService real, Runnable before) {
            this.real = real;
            this.before = before;
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return real.submit(() -> {
                before.run();
                return task.call();
            });
        }

        @Override
        public void execute(Runnable command) {
            real.execute(command);
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return false;
        }
    }

    private static Lane lane(int rank, List<Model> models) {
        Model model = TinyLanes.mlp("rank" + rank, models, 6, 12, 4);
        if (rank > 0) {
            model.getBlock().freezeParameters(true);
            LoraInjector.inject(model.getBlock(), LoraTargets.allLinear(), LoraConfig.of(rank, rank));
        }
        return TinyLanes.lane(model, rank);
    }

    private static Samples samples(int n) {
        Random random = new Random(9);
        float[] x = new float[n * 6];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 6; j++) {
                x[i * 6 + j] = (float) random.nextGaussian();
            }
            labels[i] = random.nextInt(4);
        }
        return Samples.classification(x, 6, labels);
    }
}
