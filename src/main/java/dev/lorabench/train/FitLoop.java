package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.lorabench.data.Shuffles;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The training loop: epochs of shuffled mini-batches over one or several {@link Lane}s, one step
 * manager per batch so that nothing of a step outlives it. The batch order depends only on the
 * seed and the epoch, so every variant of a sweep sees the same batches in the same order.
 *
 * <p>The loop owns the epochs, the batches, early stopping and divergence, and is the only code
 * that changes a lane's state; {@link Stepper}s take the steps ({@link StepPlan} says which). Each
 * batch is gathered once: the stacked LoRA lanes step on this thread while, with {@link
 * FitOptions#overlap()}, the other lanes step on a second thread on their own copy of the batch.
 * Each lane keeps its own optimizer, losses, divergence and early-stopping state, so a lane that
 * stops leaves the others running, and a lane's numbers do not depend on which lanes share the pass.
 */
final class FitLoop {

    private final RunContext context;
    private final FitOptions options;
    private final ExecutorService laneWorker;
    private final StepTimings timings;
    private final LaneProbe probe;

    FitLoop(RunContext context) {
        this(context, FitOptions.defaults(), null, StepTimings.NONE, LaneProbe.NONE);
    }

    private FitLoop(
            RunContext context, FitOptions options, ExecutorService laneWorker, StepTimings timings, LaneProbe probe) {
        this.context = context;
        this.options = options;
        this.laneWorker = laneWorker;
        this.timings = timings;
        this.probe = probe;
    }

    FitLoop withOptions(FitOptions options) {
        return new FitLoop(context, options, laneWorker, timings, probe);
    }

    /** Lets {@code probe} look at the lanes' models while they train (between batches, never within one). */
    FitLoop probed(LaneProbe probe) {
        return new FitLoop(context, options, laneWorker, timings, probe);
    }

    /**
     * The thread that steps the lanes beside a stack (see {@link #newLaneWorker()}); without one
     * each such fit starts and ends its own. A long-lived one keeps the C library's per-thread
     * memory arenas from piling up over many runs (measured: +5.7 % RSS over 100 runs).
     */
    FitLoop withLaneWorker(ExecutorService worker) {
        return new FitLoop(context, options, worker, timings, probe);
    }

    /** Reports every step's timing to {@code timings} (for benchmarks). */
    FitLoop timed(StepTimings timings) {
        return new FitLoop(context, options, laneWorker, timings, probe);
    }

    /** A single daemon thread with one engine thread, for {@link #withLaneWorker}. */
    static ExecutorService newLaneWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                Torch.intraOpThreads(1);
                r.run();
            }, "lorabench-lane");
            t.setDaemon(true);
            return t;
        });
    }

    /** The training loss: DJL's formulas, without DJL's scalar that a collection could free (TrainingLosses). */
    static Loss lossFor(boolean regression) {
        return regression ? TrainingLosses.meanSquaredError() : TrainingLosses.crossEntropy();
    }

    /** Trains one model; throws {@link VariantDivergedException} if it diverges ({@link DivergenceWatch}). */
    List<LossPoint> fit(Model model, String variant, TensorSet data, FitRecipe recipe) {
        Lane lane = new Lane(variant, model, null);
        fitAll(List.of(lane), data, null, recipe);
        if (lane.divergedAt > 0) {
            throw new VariantDivergedException(lane.divergedAt, lane.divergedLoss, lane.losses);
        }
        return lane.losses;
    }

    /**
     * Trains every lane over the data: each batch is gathered once and stepped through every lane
     * still running. With a {@code validation} set measures each lane's loss after every epoch;
     * with a patience a lane stops once that many epochs brought no better validation loss. A lane
     * that diverges ({@link DivergenceWatch}) stops alone.
     */
    void fitAll(List<Lane> lanes, TensorSet data, TensorSet validation, FitRecipe recipe) {
        for (Lane lane : lanes) {
            lane.watch = new DivergenceWatch(recipe.regression());
        }
        Loss loss = lossFor(recipe.regression());
        try (StepPlan plan = StepPlan.of(lanes, data.manager(), recipe, options, timings)) {
            ExecutorService worker = null;
            boolean ownWorker = false;
            int threadsBefore = 0;
            if (plan.near() != null && !plan.far().isEmpty() && options.overlap()) {
                // Two threads on two cores: each gets one engine thread instead of both
                // fighting over two (measured: 2 × 1 beats 2 × 2 by a third at batch 10).
                ownWorker = laneWorker == null;
                worker = ownWorker ? newLaneWorker() : laneWorker;
                threadsBefore = Torch.intraOpThreads(1);
            }
            try {
                probe(lanes, plan, false, threadsBefore); // the starting point: step 0
                for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
                    List<Lane> running = lanes.stream().filter(l -> l.active).toList();
                    if (running.isEmpty()) {
                        break;
                    }
                    epoch(lanes, plan, worker, data, recipe, epoch, threadsBefore);
                    for (Lane lane : running) {
                        endEpoch(lane, plan, epoch, recipe, validation, loss);
                    }
                }
                for (Stepper stepper : plan.all()) {
                    stepper.lanes().forEach(stepper::sync);
                }
                probe(lanes, plan, true, threadsBefore);
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
                    Torch.intraOpThreads(threadsBefore);
                }
            }
        }
    }

    /**
     * One pass over the data in this epoch's order, until no lane steps any more; {@code threads}:
     * the engine threads the probe may use between batches (0: as set).
     */
    private void epoch(List<Lane> lanes, StepPlan plan, ExecutorService worker, TensorSet data, FitRecipe recipe,
            int epoch, int threads) {
        for (Lane lane : lanes) {
            lane.epochSum = 0;
            lane.epochCount = 0;
        }
        int[] order = Shuffles.permutation(data.count(), recipe.seed() * 1_000_003L + epoch);
        for (int start = 0; start < data.count(); start += recipe.batchSize()) {
            context.checkCancelled();
            int end = Math.min(data.count(), start + recipe.batchSize());
            // Only this batch's rows are gathered: no shuffled copy of the whole set.
            int[] rows = Arrays.copyOfRange(order, start, end);
            if (!batch(lanes, plan, worker, data, rows, recipe, epoch)) {
                break;
            }
            probe(lanes, plan, false, threads);
        }
    }

    /**
     * Shows the probe each lane it wants to see at the lane's current step; a diverged lane's
     * weights are what they became, not a point worth seeing. Between batches the second thread
     * waits, so the probe gets the engine threads ({@code threads}, when not 0) it took away.
     */
    private void probe(List<Lane> lanes, StepPlan plan, boolean last, int threads) {
        int was = 0;
        try {
            for (Lane lane : lanes) {
                if (lane.divergedAt == 0 && probe.due(lane, lane.step, last)) {
                    if (threads > 0 && was == 0) {
                        was = Torch.intraOpThreads(threads);
                    }
                    plan.ownerOf(lane).sync(lane);
                    probe.look(lane, lane.step);
                }
            }
        } finally {
            if (was > 0) {
                Torch.intraOpThreads(was);
            }
        }
    }

    /** Steps every stepping lane on one batch; false when none was left to step. */
    private boolean batch(
            List<Lane> lanes, StepPlan plan, ExecutorService worker, TensorSet data, int[] rows, FitRecipe recipe,
            int epoch) {
        Stepper near = plan.near() != null && anyStepping(plan.near()) ? plan.near() : null;
        List<Stepper> far = plan.far().stream().filter(FitLoop::anyStepping).toList();
        if (near == null && far.isEmpty()) {
            return false;
        }
        try (NDManager stepManager = data.manager().newSubManager()) {
            long t0 = System.nanoTime();
            NDIndex index = new NDIndex("{}", stepManager.create(rows));
            NDArray x = data.x().get(stepManager, index);
            NDArray y = data.y().get(stepManager, index);
            timings.data(System.nanoTime() - t0);
            Future<double[][]> aside = null;
            if (near != null && !far.isEmpty() && worker != null) {
                // The lanes outside the stack step on the other core meanwhile, on their own
                // copy of the batch: no array is shared across threads.
                aside = worker.submit(() -> {
                    try (NDManager own = data.manager().newSubManager()) {
                        NDIndex r = new NDIndex("{}", own.create(rows));
                        return stepAll(far, data.x().get(own, r), data.y().get(own, r));
                    }
                });
            }
            try {
                if (near != null) {
                    record(near, near.step(x, y), recipe, epoch, rows.length);
                }
            } finally {
                if (aside != null) {
                    awaitStep(aside);
                }
            }
            double[][] values = aside != null ? join(aside) : stepAll(far, x, y);
            // In the lanes' own order, as if each had stepped alone in turn.
            for (Lane lane : lanes) {
                if (plan.isNear(lane) || !lane.stepping()) {
                    continue;
                }
                Stepper owner = plan.ownerOf(lane);
                int k = far.indexOf(owner);
                if (k >= 0) {
                    afterStep(lane, owner, values[k][owner.lanes().indexOf(lane)], recipe, epoch, rows.length);
                }
            }
        }
        return true;
    }

    private static double[][] stepAll(List<Stepper> steppers, NDArray x, NDArray y) {
        double[][] values = new double[steppers.size()][];
        for (int i = 0; i < steppers.size(); i++) {
            values[i] = steppers.get(i).step(x, y);
        }
        return values;
    }

    private static boolean anyStepping(Stepper stepper) {
        return stepper.lanes().stream().anyMatch(Lane::stepping);
    }

    /** The losses of a stepper's lanes that were stepping. */
    private void record(Stepper stepper, double[] values, FitRecipe recipe, int epoch, int samples) {
        List<Lane> members = stepper.lanes();
        for (int k = 0; k < members.size(); k++) {
            Lane lane = members.get(k);
            if (lane.stepping()) {
                afterStep(lane, stepper, values[k], recipe, epoch, samples);
            }
        }
    }

    private void afterStep(Lane lane, Stepper owner, double value, FitRecipe recipe, int epoch, int samples) {
        lane.step++;
        if (lane.watch.diverged(value)) {
            context.emit(new TrainingEvent.VariantDiverged(lane.variant, lane.step, value, lane.seed));
            lane.divergedAt = lane.step;
            lane.divergedLoss = value;
            lane.active = false;
        } else {
            lane.epochSum += value;
            lane.epochCount++;
            lane.losses.add(new LossPoint(lane.step, value));
            context.emit(new TrainingEvent.StepLoss(lane.variant, lane.step, epoch, value, lane.seed));
            context.stepDone();
            if (recipe.maxSteps() > 0 && lane.step >= recipe.maxSteps()) {
                lane.stepsDone = true;
            }
        }
        if (!lane.stepping()) {
            // Diverged (its weights are what they became) or at its step limit: later steps of
            // its stepper must not reach its model.
            owner.retire(lane);
        }
    }

    private void endEpoch(Lane lane, StepPlan plan, int epoch, FitRecipe recipe, TensorSet validation, Loss loss) {
        if (lane.divergedAt > 0) {
            return;
        }
        Stepper owner = plan.ownerOf(lane);
        context.emit(new TrainingEvent.EpochEnded(
                lane.variant, epoch, lane.epochCount == 0 ? Double.NaN : lane.epochSum / lane.epochCount, lane.seed));
        if (validation != null) {
            owner.sync(lane);
            double v = validationLoss(lane.model.getBlock(), validation, loss);
            lane.validationLosses.add(new LossPoint(lane.step, v));
            context.emit(new TrainingEvent.ValidationLoss(lane.variant, lane.step, epoch, v, lane.seed));
            if (v < lane.best) {
                lane.best = v;
                lane.sinceBest = 0;
            } else if (recipe.patience() > 0 && ++lane.sinceBest >= recipe.patience() && epoch < recipe.epochs()) {
                lane.stoppedAt = epoch;
                lane.active = false;
                owner.retire(lane);
                context.emit(new TrainingEvent.PhaseStarted(
                        lane.variant + " stopped early after epoch " + epoch, lane.variant));
            }
        }
        if (lane.stepsDone) {
            lane.active = false;
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

    /**
     * The losses of the step on the other thread once it has ended. The models it uses are closed
     * as soon as this loop returns, so an interrupt (the window closing) must not cut the wait
     * short: it is kept until the step is over and then ends the run as a cancel.
     */
    private static double[][] join(Future<double[][]> future) {
        if (awaitStep(future)) {
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
}
