package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lorabench.data.Shuffles;
import dev.lorabench.lora.LoraLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The training loop: Adam over shuffled mini-batches, one step manager per batch so that nothing
 * of a step outlives it. The batch order depends only on the seed and the epoch, so every variant
 * of a sweep sees the same batches in the same order.
 *
 * <p>The loop drives one or several {@link Lane}s: with several (a lockstep sweep) each batch is
 * gathered once and fed to every lane in turn, and when two or more lanes have a LoRA layer as
 * their first layer over the same frozen base, that layer's base product W·x + b is computed once
 * for all of them. Each lane keeps its own optimizer, losses, divergence and early-stopping state,
 * so a lane that stops leaves the others running. A lane's numbers do not depend on which other
 * lanes share the pass.
 *
 * <p>How it steps (stacked, overlapped, which optimizer) is the {@link FitOptions} it was made with.
 */
final class Fitter {

    private final RunContext context;
    private final FitOptions options;
    private StepTimes times;
    private ExecutorService laneWorker;

    /** A loop with {@link FitOptions#defaults()}. */
    Fitter(RunContext context) {
        this(context, FitOptions.defaults());
    }

    Fitter(RunContext context, FitOptions options) {
        this.context = context;
        this.options = options;
    }

    /** Accumulates forward, backward and optimizer time of every step (for benchmarks). */
    Fitter timed(StepTimes times) {
        this.times = times;
        return this;
    }

    /**
     * The thread that steps the lanes outside a stack (see {@link #newLaneWorker()}); without one
     * each such fit starts and ends its own. A long-lived one keeps the C library's per-thread
     * memory arenas from piling up over many runs (measured: +5.7 % RSS over 100 runs).
     */
    Fitter withLaneWorker(ExecutorService worker) {
        this.laneWorker = worker;
        return this;
    }

    /** A single daemon thread with one engine thread, for {@link #withLaneWorker}. */
    static ExecutorService newLaneWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                EngineThreads.intraOp(1);
                r.run();
            }, "lorabench-lane");
            t.setDaemon(true);
            return t;
        });
    }

    /** Steps the fit will take for {@code n} samples. */
    static long steps(int n, int batchSize, int epochs, int maxSteps) {
        long perEpoch = (n + batchSize - 1) / batchSize;
        long all = perEpoch * epochs;
        return maxSteps > 0 ? Math.min(all, maxSteps) : all;
    }

    static Loss lossFor(boolean regression) {
        // L2Loss with weight 1 is the plain mean squared error.
        return regression ? new L2Loss("mse", 1f) : Loss.softmaxCrossEntropyLoss();
    }

    /** Nanoseconds spent in each part of the steps taken. */
    static final class StepTimes {
        long forward;
        long backward;
        long optimizer;
        long data;
        long steps;
        long samples;

        void add(StepTimes other) {
            forward += other.forward;
            backward += other.backward;
            optimizer += other.optimizer;
            data += other.data;
            steps += other.steps;
            samples += other.samples;
        }
    }

    /**
     * What a fit produced: the loss after every step, the validation loss after every epoch (when
     * a validation set was given), the epoch early stopping ended at (0: it did not) and the step
     * the loss became NaN or infinite at (0: it did not).
     */
    record FitResult(
            List<LossPoint> losses, List<LossPoint> validationLosses, int stoppedEarlyAfterEpoch,
            int divergedAt, double divergedLoss) {}

    /** One model trained by the loop, with its own optimizer and stopping state. */
    static final class Lane {
        final String variant;
        final Model model;
        final LoraLayer first;
        Trainer trainer;
        FastOptimizer optimizer;
        final List<LossPoint> losses = new ArrayList<>();
        final List<LossPoint> validationLosses = new ArrayList<>();
        int step;
        double best = Double.POSITIVE_INFINITY;
        int sinceBest;
        int stoppedAt;
        int divergedAt;
        double divergedLoss;
        DivergenceWatch watch;
        boolean active = true;
        boolean stepsDone;
        boolean stacked;
        double sum;
        int count;

        /**
         * @param first the model's first layer when it is a LoRA layer over the frozen base that
         *     every such lane shares (its base product can be computed once); else null
         */
        Lane(String variant, Model model, LoraLayer first) {
            this.variant = variant;
            this.model = model;
            this.first = first;
        }

        FitResult result() {
            return new FitResult(losses, validationLosses, stoppedAt, divergedAt, divergedLoss);
        }
    }

    /** Trains one model; throws {@link VariantDivergedException} if it diverges ({@link DivergenceWatch}). */
    List<LossPoint> fit(
            Model model,
            String variant,
            TensorSet data,
            boolean regression,
            int epochs,
            int maxSteps,
            int batchSize,
            float lr,
            long seed) {
        Lane lane = new Lane(variant, model, null);
        fitAll(List.of(lane), data, null, 0, regression, epochs, maxSteps, batchSize, lr, seed);
        if (lane.divergedAt > 0) {
            throw new VariantDivergedException(lane.divergedAt, lane.divergedLoss, lane.losses);
        }
        return lane.losses;
    }

    /**
     * Trains every lane over one pass of the data: each batch is gathered once and stepped through
     * every lane still running. With a {@code validation} set measures each lane's loss after every
     * epoch; with {@code patience} > 0 a lane stops once that many epochs brought no better
     * validation loss. A lane that diverges ({@link DivergenceWatch}) stops alone.
     */
    void fitAll(
            List<Lane> lanes,
            TensorSet data,
            TensorSet validation,
            int patience,
            boolean regression,
            int epochs,
            int maxSteps,
            int batchSize,
            float lr,
            long seed) {
        boolean djl = options.optimizer() == FitOptions.Optimizer.DJL;
        Loss loss = lossFor(regression);
        LoraStack stack = null;
        ExecutorService worker = null;
        int threadsBefore = 0;
        boolean ownWorker = false;
        try {
            for (Lane lane : lanes) {
                lane.watch = new DivergenceWatch(regression);
                DefaultTrainingConfig config = new DefaultTrainingConfig(lossFor(regression))
                        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build());
                lane.trainer = lane.model.newTrainer(config);
                lane.optimizer = djl ? null : FastOptimizer.adam(lane.model.getBlock(), lr);
            }
            // Lanes over one frozen base train stacked (one pass of large products) where their
            // structure allows; the others step one by one, sharing the first layer's base product.
            if (!djl && options.stacked()) {
                stack = LoraStack.tryCreate(
                        lanes.stream().filter(l -> l.first != null).toList(), data.manager(), lr, regression);
            }
            if (stack != null && options.overlap() && lanes.size() > stack.lanes().size()) {
                // Two threads on two cores: each gets one engine thread instead of both
                // fighting over two (measured: 2 × 1 beats 2 × 2 by a third at batch 10).
                ownWorker = laneWorker == null;
                worker = ownWorker ? newLaneWorker() : laneWorker;
                threadsBefore = EngineThreads.intraOp(1);
            }
            for (Lane lane : lanes) {
                lane.stacked = stack != null && stack.contains(lane);
            }
            int sharing = (int) lanes.stream().filter(l -> l.first != null && !l.stacked).count();
            for (int epoch = 1; epoch <= epochs; epoch++) {
                List<Lane> running = lanes.stream().filter(l -> l.active).toList();
                if (running.isEmpty()) {
                    break;
                }
                for (Lane lane : running) {
                    lane.sum = 0;
                    lane.count = 0;
                }
                int[] order = Shuffles.permutation(data.count(), seed * 1_000_003L + epoch);
                for (int start = 0; start < data.count(); start += batchSize) {
                    context.checkCancelled();
                    int end = Math.min(data.count(), start + batchSize);
                    boolean any = false;
                    try (NDManager stepManager = data.manager().newSubManager()) {
                        long t0 = System.nanoTime();
                        // Only this batch's rows are gathered: no shuffled copy of the whole set.
                        int[] batchRows = Arrays.copyOfRange(order, start, end);
                        NDIndex rows = new NDIndex("{}", stepManager.create(batchRows));
                        NDArray xb = data.x().get(stepManager, rows);
                        NDArray yb = data.y().get(stepManager, rows);
                        if (times != null) {
                            times.data += System.nanoTime() - t0;
                        }
                        List<Lane> solo = running.stream()
                                .filter(l -> l.active && !l.stepsDone && !l.stacked)
                                .toList();
                        boolean stackRuns = stack != null && stack.running();
                        Future<double[]> aside = null;
                        StepTimes asideTimes = times == null ? null : new StepTimes();
                        if (stackRuns && !solo.isEmpty() && worker != null) {
                            // The lanes outside the stack step on the other core meanwhile, on
                            // their own copy of the batch: no array is shared across threads.
                            aside = worker.submit(() -> {
                                try (NDManager own = data.manager().newSubManager()) {
                                    NDIndex r = new NDIndex("{}", own.create(batchRows));
                                    return stepLanes(solo, data.x().get(own, r), data.y().get(own, r),
                                            loss, djl, sharing, asideTimes);
                                }
                            });
                        }
                        try {
                            if (stackRuns) {
                                any = true;
                                stackStep(stack, xb, yb, epoch, maxSteps, end - start);
                            }
                        } finally {
                            if (aside != null) {
                                awaitStep(aside);
                            }
                        }
                        double[] values = aside != null
                                ? join(aside)
                                : stepLanes(solo, xb, yb, loss, djl, sharing, asideTimes);
                        if (times != null) {
                            times.add(asideTimes);
                        }
                        for (int i = 0; i < solo.size(); i++) {
                            any = true;
                            afterStep(solo.get(i), epoch, values[i], maxSteps, end - start);
                        }
                    }
                    if (!any) {
                        break;
                    }
                }
                for (Lane lane : running) {
                    if (lane.divergedAt > 0) {
                        continue;
                    }
                    if (lane.stacked && validation != null) {
                        stack.writeBack(lane);
                    }
                    endEpoch(lane, epoch, epochs, validation, patience, loss);
                    if (lane.stacked && !lane.active) {
                        stack.retire(lane);
                    }
                    if (lane.stepsDone) {
                        lane.active = false;
                    }
                }
            }
            if (stack != null) {
                for (Lane lane : stack.lanes()) {
                    stack.writeBack(lane);
                }
            }
        } finally {
            if (worker != null) {
                if (ownWorker) {
                    worker.shutdownNow();
                    try {
                        worker.awaitTermination(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                EngineThreads.intraOp(threadsBefore);
            }
            if (stack != null) {
                stack.close();
            }
            for (Lane lane : lanes) {
                if (lane.trainer != null) {
                    lane.trainer.close();
                    lane.trainer = null;
                }
            }
        }
    }

    /** Steps every stacked lane (while any is running). */
    private void stackStep(LoraStack stack, NDArray xb, NDArray yb, int epoch, int maxSteps, int samples) {
        List<Lane> members = stack.lanes();
        double[] values = stack.step(xb, yb, times);
        for (int k = 0; k < members.size(); k++) {
            Lane lane = members.get(k);
            if (!lane.active || lane.stepsDone) {
                continue;
            }
            afterStep(lane, epoch, values[k], maxSteps, samples);
            if (!lane.active || lane.stepsDone) {
                // Diverged (its weights are what they became) or at its step limit: later steps
                // of the stack must not reach its model.
                stack.retire(lane);
            }
        }
    }

    /**
     * One step of each lane in turn; lanes with a LoRA first layer over the shared frozen base
     * take its product, computed once, when more than one of them run.
     */
    private double[] stepLanes(
            List<Lane> lanes, NDArray xb, NDArray yb, Loss loss, boolean djl, int sharing, StepTimes t) {
        double[] values = new double[lanes.size()];
        NDArray shared = null;
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            if (lane.first != null && sharing > 1) {
                if (shared == null) {
                    long ts = System.nanoTime();
                    shared = lane.first.base()
                            .forward(new ParameterStore(xb.getManager(), false), new NDList(xb), false)
                            .singletonOrThrow();
                    if (t != null) {
                        t.forward += System.nanoTime() - ts;
                    }
                }
                lane.first.shareBaseOutput(xb, shared);
            }
            try {
                values[i] = step(lane, xb, yb, loss, djl, t);
            } finally {
                if (lane.first != null) {
                    lane.first.shareBaseOutput(null, null);
                }
            }
        }
        return values;
    }

    /**
     * The lanes' values once the step on the other thread has ended. The models it uses are closed
     * as soon as this loop returns, so an interrupt (the window closing) must not cut the wait
     * short: it is kept until the step is over and then ends the run as a cancel.
     */
    private static double[] join(Future<double[]> future) {
        boolean interrupted = awaitStep(future);
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new RunCancelledException();
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw new AssertionError("a finished step cannot be interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Waits, through interrupts, for a step on the other thread to end before its batch and models
     * go away; returns whether the waiting thread was interrupted meanwhile (its flag is left set).
     */
    private static boolean awaitStep(Future<?> future) {
        boolean interrupted = false;
        while (true) {
            try {
                future.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break; // reported by join(); an error already on its way out wins
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }

    private double step(Lane lane, NDArray xb, NDArray yb, Loss loss, boolean djl, StepTimes times) {
        double value;
        long t0 = System.nanoTime();
        long t1;
        try (GradientCollector collector = lane.trainer.newGradientCollector()) {
            NDArray out = lane.trainer.forward(new NDList(xb)).singletonOrThrow();
            NDArray l = loss.evaluate(new NDList(yb), new NDList(out));
            t1 = System.nanoTime();
            collector.backward(l);
            value = l.getFloat();
        }
        long t2 = System.nanoTime();
        if (djl) {
            lane.trainer.step();
        } else {
            lane.optimizer.step();
        }
        if (times != null) {
            long t3 = System.nanoTime();
            times.forward += t1 - t0;
            times.backward += t2 - t1;
            times.optimizer += t3 - t2;
            times.steps++;
            times.samples += xb.getShape().get(0);
        }
        return value;
    }

    private void afterStep(Lane lane, int epoch, double value, int maxSteps, int samples) {
        lane.step++;
        if (lane.watch.diverged(value)) {
            context.emit(new TrainingEvent.VariantDiverged(lane.variant, lane.step, value));
            lane.divergedAt = lane.step;
            lane.divergedLoss = value;
            lane.active = false;
            return;
        }
        lane.sum += value;
        lane.count++;
        lane.losses.add(new LossPoint(lane.step, value));
        context.emit(new TrainingEvent.StepLoss(lane.variant, lane.step, epoch, value));
        context.stepDone();
        if (maxSteps > 0 && lane.step >= maxSteps) {
            lane.stepsDone = true;
        }
    }

    private void endEpoch(Lane lane, int epoch, int epochs, TensorSet validation, int patience, Loss loss) {
        context.emit(new TrainingEvent.EpochEnded(lane.variant, epoch, lane.count == 0 ? Double.NaN : lane.sum / lane.count));
        if (validation == null) {
            return;
        }
        double v = validationLoss(lane.model.getBlock(), validation, loss);
        lane.validationLosses.add(new LossPoint(lane.step, v));
        context.emit(new TrainingEvent.ValidationLoss(lane.variant, lane.step, epoch, v));
        if (v < lane.best) {
            lane.best = v;
            lane.sinceBest = 0;
        } else if (patience > 0 && ++lane.sinceBest >= patience && epoch < epochs) {
            lane.stoppedAt = epoch;
            lane.active = false;
            context.emit(new TrainingEvent.PhaseStarted(
                    lane.variant + " stopped early after epoch " + epoch, lane.variant));
        }
    }

    /** Mean loss over a held-out set, in inference mode. */
    private double validationLoss(Block block, TensorSet validation, Loss loss) {
        double sum = 0;
        try (NDManager manager = validation.manager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            for (int start = 0; start < validation.count(); start += 1000) {
                context.checkCancelled();
                int end = Math.min(validation.count(), start + 1000);
                try (NDManager batch = manager.newSubManager()) {
                    NDIndex slice = new NDIndex(start + ":" + end);
                    NDArray x = validation.x().get(batch, slice);
                    NDArray y = validation.y().get(batch, slice);
                    NDArray out = block.forward(store, new NDList(x), false).singletonOrThrow();
                    sum += loss.evaluate(new NDList(y), new NDList(out)).getFloat() * (end - start);
                }
            }
        }
        return sum / validation.count();
    }
}
