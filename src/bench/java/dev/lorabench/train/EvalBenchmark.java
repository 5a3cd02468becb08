package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.lorabench.model.Architecture;
import dev.lorabench.model.ModelSpec;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Times whole-test-set evaluations of a fresh VGG (10,000 random 28×28 rows; the speed does not
 * depend on the values) under different inference batch sizes and engine thread counts, in
 * process CPU seconds and wall seconds.
 *
 * <pre>java -cp target/lorabench-bench.jar dev.lorabench.train.EvalBenchmark [rows a batch…]</pre>
 */
public final class EvalBenchmark {

    private EvalBenchmark() {}

    public static void main(String[] args) throws Exception {
        Engine.getInstance();
        Torch.gradMode(false);
        Architecture arch = Architecture.valueOf(System.getenv().getOrDefault("ARCH", "VGG"));
        ModelSpec spec = arch == Architecture.MLP ? ModelSpec.mlpMnist() : ModelSpec.forImages(arch, 1, 28, 28, 10);
        int n = 10_000;
        float[] x = new float[n * spec.inputSize()];
        int[] labels = new int[n];
        Random random = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
        }
        RunContext context = new RunContext(e -> { }, new AtomicBoolean(), 0);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Model model = Model.newInstance("m");
                Model model2 = Model.newInstance("m2");
                NDManager data = NDManager.newBaseManager();
                TensorSet test = TensorSet.of(data, Samples.classification(x, spec.inputSize(), labels))) {
            Block block = ExperimentRunner.newBlock(model, spec);
            Block block2 = ExperimentRunner.newBlock(model2, spec);
            int rank = Integer.parseInt(System.getenv().getOrDefault("LORA", "0"));
            if (rank > 0) {
                // LoRA on every conv and linear layer (vgg-mnist's targets), B random so the path counts.
                for (Block b : new Block[] {block, block2}) {
                    dev.lorabench.lora.AdapterSet set = dev.lorabench.lora.LoraInjector.inject(
                            b, dev.lorabench.lora.LoraTargets.linearAndConv(), dev.lorabench.lora.LoraConfig.of(rank, 2f));
                    for (dev.lorabench.lora.AdaptedLayer l : set.layers()) {
                        float[] v = new float[Math.toIntExact(l.layer().loraB().getArray().size())];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = (float) random.nextGaussian() * 0.01f;
                        }
                        TensorWrites.overwrite(l.layer().loraB().getArray(), v);
                    }
                }
            }
            long perRow = InferenceBatch.measure(block, test, new ai.djl.training.ParameterStore(test.manager(), false))
                    .perRow();
            String[] configs = args.length == 0 ? new String[] {"804:2", "804:1", "64:2", "256:2", "2000:2", "804:1x2"} : args;
            float[] reference = null;
            for (int round = 0; round < Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "3")); round++) {
                for (String c : configs) {
                    String[] parts = c.split(":");
                    int rows = Integer.parseInt(parts[0]);
                    boolean pair = parts[1].endsWith("x2");
                    int threads = Integer.parseInt(parts[1].replace("x2", ""));
                    long budget = rows * perRow + perRow / 2;
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    if (pair) {
                        // Two evaluations at once, one per Java thread: counted as two.
                        Thread other = new Thread(() -> {
                            Torch.gradMode(false);
                            Torch.intraOpThreads(threads);
                            new Evaluator(context, budget).evaluate(block2, test, false, 10);
                        });
                        other.start();
                        int was = Torch.intraOpThreads(threads);
                        new Evaluator(context, budget).evaluate(block, test, false, 10);
                        Torch.intraOpThreads(was);
                        other.join();
                    } else {
                        int was = Torch.intraOpThreads(threads);
                        float[] out = new Evaluator(context, budget).evaluate(block, test, false, 10, true).outputs();
                        Torch.intraOpThreads(was);
                        if (reference == null) {
                            reference = out;
                        }
                        double max = 0;
                        int differ = 0;
                        for (int i = 0; i < out.length; i++) {
                            max = Math.max(max, Math.abs(out[i] - reference[i]));
                            differ += out[i] == reference[i] ? 0 : 1;
                        }
                        System.out.printf("  outputs against the first: %d differ, max |d| %.3g%n", differ, max);
                    }
                    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9 / (pair ? 2 : 1);
                    double wall = (System.nanoTime() - t0) / 1e9 / (pair ? 2 : 1);
                    System.out.printf("round %d %-8s an evaluation: %.2f CPU s, %.2f wall s%n", round, c, cpu, wall);
                }
            }
        }
    }
}
