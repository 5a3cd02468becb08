package dev.lorabench.train;

import dev.lorabench.plan.DatasetRef;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.PlanField;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.lorabench.data.DataException;
import dev.lorabench.data.ImageSet;
import dev.lorabench.data.Shuffles;
import dev.lorabench.data.SyntheticRegression;
import dev.lorabench.data.TrainTest;
import dev.lorabench.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Turns a plan's dataset options into engine-ready rows: limits, normalisation, fine-tune subset. */
final class TaskDataLoader {

    private TaskDataLoader() {}

    static TaskData load(ExperimentPlan plan, DataSource source) throws DataException {
        if (plan.dataset() instanceof DatasetRef.Synthetic) {
            SyntheticRegression s = SyntheticRegression.standard(plan.seed());
            int in = s.in();
            int out = s.out();
            Samples base = limit(Samples.regression(s.xTrain(), in, s.baseTrain(), out), plan.limits().train());
            Samples tune = limit(Samples.regression(s.xTrain(), in, s.tuneTrain(), out), plan.limits().train());
            Samples test = limit(Samples.regression(s.xTest(), in, s.tuneTest(), out), plan.limits().test());
            return new TaskData(ModelSpec.linear(in, out), base, tune, test, List.of(), null, null);
        }
        TaskData tune = images(plan, source.load(plan));
        if (plan.base().dataset() == null) {
            return tune;
        }
        // Each set is standardised with its own training statistics (ADR 0018).
        ExperimentPlan own = plan.toBuilder().setDataset(plan.baseDataset().id()).setBaseDataset("").build();
        TaskData base = images(own, source.load(own));
        if (!base.spec().equals(tune.spec())) {
            throw new DataException("the base dataset " + plan.baseDataset().id() + " has inputs and classes "
                    + base.spec() + " but the fine-tune dataset " + plan.dataset().id() + " has " + tune.spec());
        }
        return new TaskData(tune.spec(), base.train(), tune.finetune(), tune.test(), tune.classNames(),
                tune.testImages(), tune.validation(), base.test());
    }

    private static TaskData images(ExperimentPlan plan, TrainTest tt) throws DataException {
        ImageSet train = tt.train().limit(plan.limits().train());
        ImageSet test = tt.test().limit(plan.limits().test());
        plan.finetune().classes().validate(train.numClasses());
        plan.finetune().companion().ifPresent(c -> c.validate(train.numClasses(), PlanField.COMPANION_CLASSES));
        float[] trainX = train.toFloatArray();
        float[] testX = test.toFloatArray();
        ImageSet validation = tt.validation();
        float[] validationX = validation == null ? new float[0] : validation.toFloatArray();
        standardise(trainX, testX, validationX);
        ModelSpec spec = ModelSpec.forImages(
                plan.model(), train.channels(), train.rows(), train.cols(), train.numClasses());
        Samples trainRows = Samples.classification(trainX, train.pixelsPerImage(), train.labels());
        return new TaskData(
                spec, trainRows, trainRows,
                Samples.classification(testX, test.pixelsPerImage(), test.labels()),
                train.classNames(), test,
                validation == null || validation.size() == 0 ? null
                        : Samples.classification(validationX, validation.pixelsPerImage(), validation.labels()));
    }

    /** Scales inputs to zero mean and unit variance using the training rows' statistics. */
    private static void standardise(float[] train, float[] test, float[] validation) {
        double sum = 0;
        double sq = 0;
        for (float v : train) {
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / train.length;
        double std = Math.sqrt(Math.max(1e-12, sq / train.length - mean * mean));
        for (float[] a : new float[][] {train, test, validation}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((a[i] - mean) / std);
            }
        }
    }

    private static Samples limit(Samples s, int limit) {
        if (limit <= 0 || limit >= s.count()) {
            return s;
        }
        int[] first = new int[limit];
        for (int i = 0; i < limit; i++) {
            first[i] = i;
        }
        return s.select(first);
    }

    /** The fine-tune's target classes: the chosen ones, or the base's worst. */
    static List<Integer> targetClasses(ExperimentPlan plan, TaskData data, Evaluation base) {
        if (data.isRegression()) {
            return List.of();
        }
        return plan.finetune().classes().worst() ? List.of(base.worstClass()) : plan.finetune().classes().classes();
    }

    /**
     * Rows of the target classes plus {@code replay} of each other class's rows, picked with the
     * run's seed, copied out of the engine's training set (the JVM keeps only the labels, see
     * {@link TaskData#withTrainInputsReleased()}). Regression fine-tunes on the shifted task's rows.
     */
    static Samples finetuneSamples(ExperimentPlan plan, TaskData data, List<Integer> targets, TensorSet train) {
        if (data.isRegression()) {
            return data.finetune();
        }
        Samples rows = data.finetune();
        if (data.transfer()) {
            return select(plan, rows, targets); // the fine-tune's own rows, still in the JVM
        }
        int[] keep = chosenRows(plan, rows, targets);
        int[] labels = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            labels[i] = rows.labels()[keep[i]];
        }
        try (NDManager m = train.manager().newSubManager()) {
            float[] x = train.x().get(m, new NDIndex("{}", m.create(keep))).toFloatArray();
            return Samples.classification(x, rows.features(), labels);
        }
    }

    /** The validation rows that match the fine-tune's selection (null when there are none). */
    static Samples finetuneValidation(ExperimentPlan plan, TaskData data, List<Integer> targets) {
        if (data.validation() == null || data.isRegression()) {
            return null;
        }
        try {
            return select(plan, data.validation(), targets);
        } catch (IllegalArgumentException e) {
            return null; // no validation rows of the target classes
        }
    }

    private static Samples select(ExperimentPlan plan, Samples rows, List<Integer> targets) {
        return rows.select(chosenRows(plan, rows, targets));
    }

    /** Indices of the target classes' rows plus the replayed share of the others, ascending. */
    private static int[] chosenRows(ExperimentPlan plan, Samples rows, List<Integer> targets) {
        Set<Integer> chosen = new TreeSet<>(targets);
        int[] labels = rows.labels();
        List<Integer> keep = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            (chosen.contains(labels[i]) ? keep : others).add(i);
        }
        if (plan.finetune().replay() > 0 && !others.isEmpty()) {
            int take = (int) Math.round(plan.finetune().replay() * others.size());
            int[] order = Shuffles.permutation(others.size(), plan.seed() ^ 0x5eed);
            for (int i = 0; i < take; i++) {
                keep.add(others.get(order[i]));
            }
        }
        if (keep.isEmpty()) {
            throw new IllegalArgumentException(
                    "the training data has no rows of fine-tune classes " + targets);
        }
        return keep.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** The fine-tune size before the base is known: an average class for "worst". */
    static int estimateFinetuneCount(ExperimentPlan plan, TaskData data) {
        if (data.isRegression()) {
            return data.finetune().count();
        }
        int n = data.finetune().count();
        int classes = data.classNames().size();
        int targets = plan.finetune().classes().worst() ? 1 : plan.finetune().classes().classes().size();
        double share = (double) targets / classes;
        return (int) Math.max(1, Math.round(n * (share + plan.finetune().replay() * (1 - share))));
    }
}
