package dev.lorabench.train;

import java.util.List;

/**
 * How a model does on the test set. For classification: accuracy, errors per class and the
 * confusion matrix (rows: true class, columns: predicted). For regression: the mean squared error
 * and a few sample predictions; the class fields are empty. {@code predicted} and {@code
 * confidence} hold, per test row, the predicted class and its probability (classification only).
 */
public record Evaluation(
        int samples,
        double accuracy,
        List<Integer> classErrors,
        List<Integer> classCounts,
        List<List<Integer>> confusion,
        double mse,
        List<SamplePrediction> predictions,
        List<Integer> predicted,
        List<Float> confidence) {

    public Evaluation {
        classErrors = List.copyOf(classErrors);
        classCounts = List.copyOf(classCounts);
        confusion = confusion.stream().map(List::copyOf).toList();
        predictions = List.copyOf(predictions);
        predicted = List.copyOf(predicted);
        confidence = List.copyOf(confidence);
    }

    public static Evaluation classification(int[][] confusion) {
        return classification(confusion, new int[0], new float[0]);
    }

    /**
     * A classification result with, per test row, the predicted class and its softmax probability
     * (what the misclassified gallery sorts by).
     */
    public static Evaluation classification(int[][] confusion, int[] predicted, float[] confidence) {
        int n = confusion.length;
        int total = 0;
        int correct = 0;
        Integer[] errors = new Integer[n];
        Integer[] counts = new Integer[n];
        List<List<Integer>> rows = new java.util.ArrayList<>();
        for (int t = 0; t < n; t++) {
            int rowTotal = 0;
            List<Integer> row = new java.util.ArrayList<>();
            for (int p = 0; p < n; p++) {
                rowTotal += confusion[t][p];
                row.add(confusion[t][p]);
            }
            rows.add(row);
            counts[t] = rowTotal;
            errors[t] = rowTotal - confusion[t][t];
            total += rowTotal;
            correct += confusion[t][t];
        }
        List<Integer> p = new java.util.ArrayList<>(predicted.length);
        List<Float> c = new java.util.ArrayList<>(confidence.length);
        for (int i = 0; i < predicted.length; i++) {
            p.add(predicted[i]);
            c.add(confidence[i]);
        }
        return new Evaluation(
                total, total == 0 ? 0 : (double) correct / total, List.of(errors), List.of(counts),
                rows, Double.NaN, List.of(), p, c);
    }

    public static Evaluation regression(int samples, double mse, List<SamplePrediction> predictions) {
        return new Evaluation(samples, Double.NaN, List.of(), List.of(), List.of(), mse, predictions, List.of(), List.of());
    }

    public boolean isRegression() {
        return classErrors.isEmpty();
    }

    public int totalErrors() {
        return classErrors.stream().mapToInt(Integer::intValue).sum();
    }

    /** The class with the most errors; ties go to the lower class. */
    public int worstClass() {
        int worst = 0;
        for (int c = 1; c < classErrors.size(); c++) {
            if (classErrors.get(c) > classErrors.get(worst)) {
                worst = c;
            }
        }
        return worst;
    }

    /** Errors on the given classes. */
    public int errorsOn(List<Integer> classes) {
        return classes.stream().mapToInt(classErrors::get).sum();
    }

    /** A regression input's target and the model's prediction. */
    public record SamplePrediction(List<Float> target, List<Float> predicted) {
        public SamplePrediction {
            target = List.copyOf(target);
            predicted = List.copyOf(predicted);
        }
    }
}
