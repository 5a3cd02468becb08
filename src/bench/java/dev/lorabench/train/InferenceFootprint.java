package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.lorabench.model.Architecture;
import dev.lorabench.model.ModelSpec;
import java.util.Random;

/**
 * Prints what {@link InferenceBatch} measures for the MNIST models (fresh weights, random 28×28
 * inputs: the bytes do not depend on the values) and the rows a batch gets under the default
 * budget and the cache bound for a 10,000-row test set (docs/benchmarks.md, "Cheap analysis").
 *
 * <pre>java -cp target/lorabench-bench.jar dev.lorabench.train.InferenceFootprint</pre>
 */
public final class InferenceFootprint {

    private InferenceFootprint() {}

    public static void main(String[] args) {
        Engine.getInstance();
        Torch.gradMode(false);
        for (Architecture a : new Architecture[] {Architecture.MLP, Architecture.RESNET, Architecture.VGG}) {
            ModelSpec spec = a == Architecture.MLP ? ModelSpec.mlpMnist() : ModelSpec.forImages(a, 1, 28, 28, 10);
            int n = 16;
            float[] x = new float[n * spec.inputSize()];
            Random random = new Random(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            try (Model model = Model.newInstance(a.name());
                    NDManager data = NDManager.newBaseManager();
                    TensorSet test = TensorSet.of(data, Samples.classification(x, spec.inputSize(), new int[n]))) {
                Block block = ExperimentRunner.newBlock(model, spec);
                InferenceBatch.Footprint f = InferenceBatch.measure(block, test, new ParameterStore(test.manager(), false));
                int memory = InferenceBatch.fit(InferenceBatch.DEFAULT_BUDGET_BYTES, f.fixed(), f.perRow(), 10_000);
                int cache = InferenceBatch.fitCache(f.widestPerRow(), f.parameterBytes(), 10_000);
                System.out.printf("%-7s fixed %,d B, %,d B a row, widest activation %,d B a row, parameters %,d B;"
                        + " rows a batch of a 10,000-row test set: %,d (memory %,d, cache %,d)%n", a,
                        f.fixed(), f.perRow(), f.widestPerRow(), f.parameterBytes(), Math.min(memory, cache), memory, cache);
            }
        }
    }
}
