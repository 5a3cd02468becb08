package dev.lorabench.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.lorabench.Offline;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.model.TensorDigests;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fine-tuning through DJL's trainer touches only the adapters. */
class LoraTrainingTest {

    @BeforeAll
    static void offline() {
        Offline.enforce();
    }

    @Test
    void adamStepsChangeOnlyAAndBAndLeaveEveryBaseTensorBitIdentical() {
        ModelSpec spec = ModelSpec.mlpMnist();
        try (Model model = Model.newInstance("lora-test")) {
            var block = ModelFactory.build(spec);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, spec.batchShape(1));
            assertEquals(2_807_010, ModelFactory.parameterCount(block));
            Map<String, Parameter> base = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                base.put(p.getKey(), p.getValue());
            }
            TensorDigests before = TensorDigests.of(base);

            AdapterSet adapters = LoraInjector.inject(block, LoraTargets.allLinear(), LoraConfig.of(3, 3f));
            assertEquals(6_794L * 3, adapters.trainableParameters());
            long requiringGrad = block.getParameters().values().stream()
                    .filter(Parameter::requiresGradient)
                    .mapToLong(p -> p.getArray().size())
                    .sum();
            assertEquals(adapters.trainableParameters(), requiringGrad);
            byte[] bBefore = adapters.layers().get(0).layer().loraB().getArray().toByteArray();

            adamSteps(model, 3);
            TensorDigests after = TensorDigests.of(base);
            assertEquals(before.perTensor(), after.perTensor(), "every base tensor, bit for bit");
            assertEquals(6, after.perTensor().size());
            assertNotEquals(
                    java.util.Arrays.toString(bBefore),
                    java.util.Arrays.toString(adapters.layers().get(0).layer().loraB().getArray().toByteArray()),
                    "B must have learned");
            assertTrue(adapters.isEnabled());
            assertFalse(adapters.isMerged());
        }
    }

    /**
     * DoRA and PiSSA through DJL's trainer: A, B (and m) learn, and the base as injection left it
     * (PiSSA's residual) stays bit-identical; DoRA's magnitude counts as trainable.
     */
    @Test
    void doraAndPissaTrainOnlyTheirAdapterTensors() {
        for (AdapterMethod method : new AdapterMethod[] {AdapterMethod.DORA, AdapterMethod.PISSA}) {
            ModelSpec spec = ModelSpec.mlpMnist();
            try (Model model = Model.newInstance("lora-" + method)) {
                var block = ModelFactory.build(spec);
                model.setBlock(block);
                block.initialize(model.getNDManager(), DataType.FLOAT32, spec.batchShape(1));
                AdapterSet adapters = LoraInjector.inject(
                        block, LoraTargets.named(java.util.Set.of("4")), LoraConfig.of(2, 2f).withMethod(method));
                Map<String, Parameter> frozen = new LinkedHashMap<>();
                for (Pair<String, Parameter> p : block.getParameters()) {
                    if (!p.getValue().requiresGradient()) {
                        frozen.put(p.getKey(), p.getValue());
                    }
                }
                TensorDigests before = TensorDigests.of(frozen);
                long requiringGrad = block.getParameters().values().stream()
                        .filter(Parameter::requiresGradient).mapToLong(p -> p.getArray().size()).sum();
                assertEquals(adapters.trainableParameters(), requiringGrad, method.name());
                LoraLayer layer = adapters.layers().get(0).layer();
                byte[] a0 = layer.loraA().getArray().toByteArray();
                adamSteps(model, 2);
                assertEquals(before.perTensor(), TensorDigests.of(frozen).perTensor(), method + ": frozen base bit for bit");
                assertNotEquals(java.util.Arrays.toString(a0), java.util.Arrays.toString(layer.loraA().getArray().toByteArray()));
            }
        }
    }

    /** Adam steps (lr 1e-2) on random MNIST-shaped batches of 8. */
    private static void adamSteps(Model model, int steps) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
        try (Trainer trainer = model.newTrainer(config)) {
            for (int step = 0; step < steps; step++) {
                try (NDManager m = model.getNDManager().newSubManager()) {
                    NDArray x = m.randomNormal(new Shape(8, 784));
                    NDArray y = m.randomInteger(0, 10, new Shape(8), DataType.INT64);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                        gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(out)));
                    }
                    trainer.step();
                }
            }
        }
    }
}
