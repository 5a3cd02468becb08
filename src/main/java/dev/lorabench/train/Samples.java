package dev.lorabench.train;

/**
 * Flat training or test rows in Java memory: {@code count × features} inputs and either class
 * labels or {@code count × targetWidth} regression targets.
 */
record Samples(float[] x, int features, int[] labels, float[] targets, int targetWidth) {

    static Samples classification(float[] x, int features, int[] labels) {
        return new Samples(x, features, labels, null, 0);
    }

    static Samples regression(float[] x, int features, float[] targets, int targetWidth) {
        return new Samples(x, features, null, targets, targetWidth);
    }

    /**
     * Class labels without their inputs, for training rows whose inputs already live in the
     * engine (see {@link TaskData#withTrainInputsReleased()}): they count and select by label, and
     * their {@link #x()} is empty.
     */
    static Samples labelsOnly(int features, int[] labels) {
        return new Samples(new float[0], features, labels, null, 0);
    }

    int count() {
        return labels != null ? labels.length : x.length / features;
    }


    boolean isRegression() {
        return targets != null;
    }

    /** Rows at the given indices, in that order. */
    Samples select(int[] indices) {
        float[] nx = new float[indices.length * features];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(x, indices[i] * features, nx, i * features, features);
        }
        if (isRegression()) {
            float[] nt = new float[indices.length * targetWidth];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(targets, indices[i] * targetWidth, nt, i * targetWidth, targetWidth);
            }
            return regression(nx, features, nt, targetWidth);
        }
        int[] nl = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            nl[i] = labels[indices[i]];
        }
        return classification(nx, features, nl);
    }
}
