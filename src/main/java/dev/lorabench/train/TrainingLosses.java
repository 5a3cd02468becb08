package dev.lorabench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.loss.Loss;

/**
 * The two training losses: DJL's softmax cross-entropy (sparse labels, from logits) and its L2
 * loss with weight 1 (the plain mean squared error), computed by the same operations in the same
 * order, less the final multiplication by the weight 1 (exact, so the values are DJL's bit for bit).
 *
 * <p>Why not DJL's own: they multiply by the weight as a Java {@code Number}, which DJL's PyTorch
 * engine turns into a scalar tensor in a Java direct buffer and closes right after the product,
 * while the autograd graph keeps that tensor for the backward. A garbage collection between the
 * loss and the backward freed the buffer and the gradients came from freed memory (NaN or 0:
 * ScalarLifetimeTest). Nothing here multiplies by a Number.
 */
final class TrainingLosses {

    private TrainingLosses() {}

    /** −mean log softmax(prediction)[label] over the batch, classes on the last axis. */
    static Loss crossEntropy() {
        return new Loss("SoftmaxCrossEntropyLoss") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                NDArray logProbabilities = predictions.singletonOrThrow().logSoftmax(-1);
                int classAxis = logProbabilities.getShape().dimension() - 1;
                NDIndex pick = new NDIndex().addAllDim(classAxis).addPickDim(labels.singletonOrThrow());
                return logProbabilities.get(pick).neg().mean();
            }
        };
    }

    /** mean (label − prediction)² over every value, the label shaped like the prediction. */
    static Loss meanSquaredError() {
        return new Loss("mse") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                NDArray prediction = predictions.singletonOrThrow();
                NDArray label = labels.singletonOrThrow().reshape(prediction.getShape());
                return label.sub(prediction).square().mean();
            }
        };
    }
}
