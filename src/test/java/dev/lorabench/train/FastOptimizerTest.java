package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused in-place Adam against DJL's Adam on the same model, data and steps. */
class FastOptimizerTest {

    @Test
    void fusedAdamMatchesDjlAdamOverSeveralSteps() {
        List<float[]> djl = train(false);
        List<float[]> fused = train(true);
        assertEquals(djl.size(), fused.size());
        StringBuilder report = new StringBuilder();
        boolean ok = true;
        for (int i = 0; i < djl.size(); i++) {
            float[] a = djl.get(i);
            float[] b = fused.get(i);
            assertEquals(a.length, b.length);
            double worst = 0;
            for (int j = 0; j < a.length; j++) {
                worst = Math.max(worst, Math.abs(a[j] - b[j]));
            }
            report.append(" step ").append(i + 1).append(": ").append(worst);
            // Every step moves a weight by up to lr = 1e-3; rounding may differ by a tiny share of that.
            ok &= worst <= 1e-3 * 1e-3 * (i + 1);
        }
        System.out.println("fused vs DJL Adam, largest |Δw| per step:" + report);
        assertTrue(ok, "largest |Δw| per step:" + report);
    }

    @Test
    void sgdSubtractsTheScaledGradientAndZeroesIt() {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager()) {
            ai.djl.nn.core.Linear linear = ai.djl.nn.core.Linear.builder().setUnits(3).build();
            linear.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
            Parameter w = linear.getParameters().get("weight");
            float[] before = w.getArray().toFloatArray();
            NDArray x = manager.ones(new Shape(2, 4));
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray out = linear.forward(new ai.djl.training.ParameterStore(manager, false), new NDList(x), true)
                        .singletonOrThrow();
                c.backward(out.sum());
            }
            FastOptimizer.sgd(linear, 0.5f).step();
            float[] after = w.getArray().toFloatArray();
            for (int i = 0; i < before.length; i++) {
                // d(sum)/dW = 2 (two rows of ones).
                assertEquals(before[i] - 1f, after[i], 1e-6);
            }
            try (NDArray g = w.getArray().getGradient()) {
                assertEquals(0f, g.abs().sum().getFloat());
            }
        }
    }

    /** Five Adam steps on the MLP with random data; the parameters after every step. */
    private static List<float[]> train(boolean fused) {
        Engine.getInstance();
        JniUtils.setGradMode(false);
        Engine.getInstance().setRandomSeed(7);
        ModelSpec spec = ModelSpec.mlpMnist();
        List<float[]> snapshots = new ArrayList<>();
        try (Model model = Model.newInstance("adam")) {
            Block block = ModelFactory.build(spec);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, spec.batchShape(1));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                FastOptimizer optimizer = FastOptimizer.adam(block, 1e-3f);
                Random random = new Random(3);
                NDManager m = model.getNDManager();
                for (int step = 0; step < 5; step++) {
                    float[] xs = new float[16 * 784];
                    for (int i = 0; i < xs.length; i++) {
                        xs[i] = random.nextFloat();
                    }
                    float[] ys = new float[16];
                    for (int i = 0; i < ys.length; i++) {
                        ys[i] = random.nextInt(10);
                    }
                    try (NDManager s = m.newSubManager()) {
                        NDArray x = s.create(xs, new Shape(16, 784));
                        NDArray y = s.create(ys, new Shape(16));
                        try (GradientCollector c = trainer.newGradientCollector()) {
                            NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                            c.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(out)));
                        }
                        if (fused) {
                            optimizer.step();
                        } else {
                            trainer.step();
                        }
                    }
                    List<Float> all = new ArrayList<>();
                    for (Pair<String, Parameter> p : block.getParameters()) {
                        for (float f : p.getValue().getArray().toFloatArray()) {
                            all.add(f);
                        }
                    }
                    float[] flat = new float[all.size()];
                    for (int i = 0; i < flat.length; i++) {
                        flat[i] = all.get(i);
                    }
                    snapshots.add(flat);
                }
            }
        }
        return snapshots;
    }
}
