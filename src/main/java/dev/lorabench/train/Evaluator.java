package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model over the test set in inference mode and tallies per-class errors or the MSE.
 *
 * <p>Batches are as large as {@link InferenceBatch} allows: ~9,900 rows of the MLP, a few hundred
 * of a conv net, whose activations take ~0.85 MB a row.
 */
final class Evaluator {

    private static final int SAMPLE_PREDICTIONS = 5;

    private final RunContext context;
    private final InferenceBatch batches;

    Evaluator(RunContext context) {
        this(context, InferenceBatch.DEFAULT_BUDGET_BYTES);
    }

    /** An evaluator whose batches keep at most about {@code budgetBytes} of activations alive (tests). */
    Evaluator(RunContext context, long budgetBytes) {
        this.context = context;
        this.batches = new InferenceBatch(budgetBytes);
    }

    Evaluation evaluate(Block block, TensorSet test, boolean regression, int numClasses) {
        return evaluate(block, test, regression, numClasses, false).evaluation();
    }

    /** An evaluation and the outputs it was computed from (row-major), from one pass. */
    record Scored(Evaluation evaluation, float[] outputs) {}

    /**
     * Evaluates the model and, with {@code keepOutputs}, also returns its raw outputs, so a caller
     * that needs both (the merge certificate) does not run the test set twice.
     */
    Scored evaluate(Block block, TensorSet test, boolean regression, int numClasses, boolean keepOutputs) {
        List<float[]> parts = keepOutputs ? new ArrayList<>() : null;
        int[][] confusion = new int[numClasses][numClasses];
        int[] predictedAll = new int[regression ? 0 : test.count()];
        float[] confidenceAll = new float[regression ? 0 : test.count()];
        double[] squaredError = {0};
        List<Evaluation.SamplePrediction> samples = new ArrayList<>();
        forEachBatch(block, test, (start, out, y) -> {
            if (parts != null) {
                parts.add(out.toFloatArray());
            }
            if (regression) {
                squaredError[0] += out.sub(y).square().sum().getFloat();
                collectSamples(out, y, samples);
            } else {
                long[] predicted = out.argMax(1).toLongArray();
                float[] probability = out.softmax(1).max(new int[] {1}).toFloatArray();
                long[] truth = y.toLongArray();
                for (int i = 0; i < predicted.length; i++) {
                    confusion[(int) truth[i]][(int) predicted[i]]++;
                    predictedAll[start + i] = (int) predicted[i];
                    confidenceAll[start + i] = probability[i];
                }
            }
        });
        float[] outputs = parts == null ? null : concatenate(parts);
        if (regression) {
            long values = (long) test.count() * test.y().getShape().get(1);
            return new Scored(Evaluation.regression(test.count(), squaredError[0] / values, samples), outputs);
        }
        return new Scored(Evaluation.classification(confusion, predictedAll, confidenceAll), outputs);
    }

    /** The model's raw outputs (logits or predictions) for the whole test set, row-major. */
    float[] outputs(Block block, TensorSet test) {
        List<float[]> parts = new ArrayList<>();
        forEachBatch(block, test, (start, out, y) -> parts.add(out.toFloatArray()));
        return concatenate(parts);
    }

    private static float[] concatenate(List<float[]> parts) {
        int total = 0;
        for (float[] p : parts) {
            total += p.length;
        }
        float[] all = new float[total];
        int offset = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, offset, p.length);
            offset += p.length;
        }
        return all;
    }

    /** What to do with one test batch: its first row's index, the model's outputs and the targets. */
    private interface BatchOutputs {
        void accept(int start, NDArray out, NDArray y);
    }

    /**
     * Runs the model over the test set in batches, in inference mode, checking for cancellation
     * between batches; each batch's arrays live only for its call.
     */
    private void forEachBatch(Block block, TensorSet test, BatchOutputs action) {
        try (NDManager manager = test.manager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            int rows = batches.rows(block, test, store);
            for (int start = 0; start < test.count(); start += rows) {
                context.checkCancelled();
                int end = Math.min(test.count(), start + rows);
                try (NDManager batch = manager.newSubManager()) {
                    NDIndex slice = new NDIndex(start + ":" + end);
                    NDArray x = test.x().get(batch, slice);
                    NDArray y = test.y().get(batch, slice);
                    action.accept(start, block.forward(store, new NDList(x), false).singletonOrThrow(), y);
                }
            }
        }
    }

    private static void collectSamples(NDArray out, NDArray y, List<Evaluation.SamplePrediction> samples) {
        int width = (int) y.getShape().get(1);
        float[] p = out.toFloatArray();
        float[] t = y.toFloatArray();
        for (int i = 0; samples.size() < SAMPLE_PREDICTIONS && i < y.getShape().get(0); i++) {
            List<Float> target = new ArrayList<>();
            List<Float> predicted = new ArrayList<>();
            for (int j = 0; j < width; j++) {
                target.add(t[i * width + j]);
                predicted.add(p[i * width + j]);
            }
            samples.add(new Evaluation.SamplePrediction(target, predicted));
        }
    }
}
