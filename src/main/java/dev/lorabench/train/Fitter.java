package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lorabench.data.Shuffles;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop: Adam over shuffled mini-batches, one step manager per batch so that nothing
 * of a step outlives it. The batch order depends only on the seed and the epoch, so every variant
 * of a sweep sees the same batches in the same order.
 */
final class Fitter {

    private final RunContext context;

    Fitter(RunContext context) {
        this.context = context;
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

    /**
     * What a fit produced: the loss after every step, the validation loss after every epoch (when
     * a validation set was given), and the epoch early stopping ended at (0: it did not).
     */
    record FitResult(List<LossPoint> losses, List<LossPoint> validationLosses, int stoppedEarlyAfterEpoch) {}

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
        return fit(model, variant, data, null, 0, regression, epochs, maxSteps, batchSize, lr, seed).losses();
    }

    /**
     * Trains, and with a {@code validation} set measures its loss after every epoch; with
     * {@code patience} > 0 stops once that many epochs brought no better validation loss.
     */
    FitResult fit(
            Model model,
            String variant,
            TensorSet data,
            TensorSet validation,
            int patience,
            boolean regression,
            int epochs,
            int maxSteps,
            int batchSize,
            float lr,
            long seed) {
        List<LossPoint> validationLosses = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        int stoppedAt = 0;
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(lossFor(regression))
                        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build());
        List<LossPoint> losses = new ArrayList<>();
        int step = 0;
        try (Trainer trainer = model.newTrainer(config)) {
            Loss loss = lossFor(regression);
            for (int epoch = 1; epoch <= epochs; epoch++) {
                double sum = 0;
                int count = 0;
                try (NDManager epochManager = data.manager().newSubManager()) {
                    int[] order = Shuffles.permutation(data.count(), seed * 1_000_003L + epoch);
                    NDArray index = epochManager.create(order);
                    NDArray xs = data.x().get(epochManager, new NDIndex("{}", index));
                    NDArray ys = data.y().get(epochManager, new NDIndex("{}", index));
                    for (int start = 0; start < data.count(); start += batchSize) {
                        context.checkCancelled();
                        int end = Math.min(data.count(), start + batchSize);
                        double value;
                        try (NDManager stepManager = epochManager.newSubManager()) {
                            NDIndex slice = new NDIndex(start + ":" + end);
                            NDArray xb = xs.get(stepManager, slice);
                            NDArray yb = ys.get(stepManager, slice);
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray out = trainer.forward(new NDList(xb)).singletonOrThrow();
                                NDArray l = loss.evaluate(new NDList(yb), new NDList(out));
                                collector.backward(l);
                                value = l.getFloat();
                            }
                            trainer.step();
                        }
                        step++;
                        if (!Double.isFinite(value)) {
                            context.emit(new TrainingEvent.VariantDiverged(variant, step, value));
                            throw new VariantDivergedException(step, value, losses);
                        }
                        sum += value;
                        count++;
                        losses.add(new LossPoint(step, value));
                        context.emit(new TrainingEvent.StepLoss(variant, step, epoch, value));
                        context.stepDone();
                        if (maxSteps > 0 && step >= maxSteps) {
                            break;
                        }
                    }
                }
                context.emit(new TrainingEvent.EpochEnded(variant, epoch, count == 0 ? Double.NaN : sum / count));
                if (validation != null) {
                    double v = validationLoss(model.getBlock(), validation, loss);
                    validationLosses.add(new LossPoint(step, v));
                    context.emit(new TrainingEvent.ValidationLoss(variant, step, epoch, v));
                    if (v < best) {
                        best = v;
                        sinceBest = 0;
                    } else if (patience > 0 && ++sinceBest >= patience && epoch < epochs) {
                        stoppedAt = epoch;
                        context.emit(new TrainingEvent.PhaseStarted(
                                variant + " stopped early after epoch " + epoch, variant));
                        break;
                    }
                }
                if (maxSteps > 0 && step >= maxSteps) {
                    break;
                }
            }
        }
        return new FitResult(losses, validationLosses, stoppedAt);
    }

    /** Mean loss over a held-out set, in inference mode. */
    private double validationLoss(ai.djl.nn.Block block, TensorSet validation, Loss loss) {
        double sum = 0;
        try (NDManager manager = validation.manager().newSubManager()) {
            ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(manager, false);
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
