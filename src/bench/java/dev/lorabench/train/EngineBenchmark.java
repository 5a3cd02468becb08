package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.lorabench.data.DataException;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.lora.LoraLayer;
import dev.lorabench.lora.LoraTargets;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The engine-side workloads of the benchmark tool ({@code dev.lorabench.bench.Bench}), in one process: the seeds' MLP
 * (784-1000-2000-10, Adam 1e-3, cross-entropy) on MNIST, timed per step into forward, backward and
 * optimizer, against the GEMM ceiling of the same process.
 *
 * <p>Workloads: (a) one base epoch at batch 64 and at batch 10 (also once with DJL's own Adam,
 * for the optimizer's share before and after); (b) a LoRA fine-tune of every rank 1–4 on all
 * linear layers; (c) the sweep (ranks 1–4 + full) sequential and lockstep; (d) a 2048² float32
 * matmul. LoRA and sweep workloads start from a freshly initialised base: their speed does not
 * depend on how well the base was trained.
 */
public final class EngineBenchmark {

    /** MLP multiply-adds per sample, forward: 784·1000 + 1000·2000 + 2000·10. */
    static final long MACS = 784L * 1000 + 1000L * 2000 + 2000L * 10;

    /**
     * What to run; {@code fit} is how every workload's loop steps (the "-djl-adam" workloads use it
     * with DJL's optimizer).
     */
    public record Options(
            String dataset, int trainLimit, int repeats, boolean sweeps, boolean djlAdam, List<Integer> batchSizes,
            FitOptions fit) {}

    /** One measured workload (medians over the repeats). */
    public record Result(
            String name,
            int batchSize,
            long steps,
            long samples,
            double seconds,
            double samplesPerSecond,
            double forwardMs,
            double backwardMs,
            double optimizerMs,
            double optimizerShare,
            double gflops,
            double ceilingShare,
            long peakRssKb,
            long rssKb,
            List<Double> runs) {}

    /** Every workload's result and the ceiling. */
    public record Report(
            String threads, String ompWaitPolicy, int trainSamples, double ceilingGflops, List<Result> results) {}

    private EngineBenchmark() {}

    /** Runs the workloads, reporting each result as it completes. */
    public static Report run(Options options, DataSource source, Consumer<String> log, Consumer<Result> each)
            throws DataException, IOException {
        Engine.getInstance();
        Torch.gradMode(false);
        String threads = "intra-op " + System.getProperty("ai.djl.pytorch.num_threads", "default")
                + ", inter-op " + System.getProperty("ai.djl.pytorch.num_interop_threads", "default");
        String omp = System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset");
        ExperimentPlan plan = ExperimentPlan.builder().setDataset(options.dataset()).setTrainLimit(options.trainLimit())
                .setTestLimit(100).build();
        log.accept("loading " + options.dataset() + (options.trainLimit() > 0 ? " (first " + options.trainLimit() + " rows)" : ""));
        TaskData data = TaskDataLoader.load(plan, source);
        List<Result> results = new ArrayList<>();
        double ceiling = gemmCeiling(Math.max(3, options.repeats() * 3));
        log.accept(String.format("GEMM ceiling (2048² f32 matmul): %.1f GFLOP/s", ceiling));
        FitOptions fit = options.fit();
        FitOptions djlAdam = fit.withOptimizer(FitOptions.Optimizer.DJL);
        Consumer<Result> add = r -> {
            results.add(r);
            each.accept(r);
        };
        add.accept(new Result("gemm-2048", 0, 1, 0, 2.0 * 2048 * 2048 * 2048 / ceiling / 1e9, 0, 0, 0, 0, 0,
                ceiling, 1, peakRss(), rss(), List.of()));
        try (NDManager dataManager = NDManager.newBaseManager();
                TensorSet train = TensorSet.of(dataManager, data.train())) {
            for (int batch : options.batchSizes()) {
                add.accept(measure("base-epoch", batch, options.repeats(), ceiling, () ->
                        time(lanes -> baseLane(data.spec(), lanes), train, batch, fit)));
                if (options.djlAdam()) {
                    add.accept(measure("base-epoch-djl-adam", batch, options.repeats(), ceiling, () ->
                            time(lanes -> baseLane(data.spec(), lanes), train, batch, djlAdam)));
                }
            }
            int batch = options.batchSizes().get(0);
            for (int rank = 1; rank <= 4; rank++) {
                int r = rank;
                add.accept(measure("lora-r" + r, batch, options.repeats(), ceiling, () ->
                        time(lanes -> lanes.add(variantLane(data.spec(), r, false)), train, batch, fit)));
            }
            if (options.sweeps()) {
                for (int b : options.batchSizes()) {
                    add.accept(measure("sweep-sequential", b, options.repeats(), ceiling, () -> sweep(data.spec(), train, b, false, fit)));
                    add.accept(measure("sweep-lockstep", b, options.repeats(), ceiling, () -> sweep(data.spec(), train, b, true, fit)));
                    add.accept(measure("lora-stack-r1-4", b, options.repeats(), ceiling, () ->
                            time(lanes -> {
                                for (int r = 1; r <= 4; r++) {
                                    lanes.add(variantLane(data.spec(), r, true));
                                }
                            }, train, b, fit)));
                }
            }
        }
        return new Report(threads, omp, data.train().count(), ceiling, results);
    }

    /** 2048×2048 float32 matmul, best-of-median GFLOP/s over {@code runs} after a warm-up. */
    static double gemmCeiling(int runs) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(2048, 2048));
            NDArray b = m.randomUniform(-1, 1, new Shape(2048, 2048));
            a.matMul(b).close();
            double[] times = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                times[i] = (System.nanoTime() - t0) / 1e9;
            }
            return 2.0 * 2048 * 2048 * 2048 / median(times) / 1e9;
        }
    }

    private interface Workload {
        Timed run() throws IOException;
    }

    /** One run of a workload: wall seconds and the accumulated step times. */
    private record Timed(double seconds, StepTimes times) {}

    private static Result measure(String name, int batch, int repeats, double ceiling, Workload w) throws IOException {
        resetPeakRss();
        List<Timed> runs = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            runs.add(w.run());
            System.gc();
        }
        double[] seconds = runs.stream().mapToDouble(Timed::seconds).toArray();
        Timed mid = runs.stream().sorted((x, y) -> Double.compare(x.seconds(), y.seconds())).toList().get(runs.size() / 2);
        StepTimes.Totals t = mid.times().totals();
        double steps = Math.max(1, t.steps());
        double fwd = t.forward() / 1e6 / steps;
        double bwd = t.backward() / 1e6 / steps;
        double opt = t.optimizer() / 1e6 / steps;
        // Nominal training flops: forward 2·MACs, backward twice that, per sample.
        double gflops = 6.0 * MACS * t.samples() / mid.seconds() / 1e9;
        return new Result(name, batch, t.steps(), t.samples(), median(seconds), t.samples() / mid.seconds(),
                fwd, bwd, opt, opt / (fwd + bwd + opt), gflops, gflops / ceiling, peakRss(), rss(),
                Arrays.stream(seconds).boxed().toList());
    }

    private static Timed time(Consumer<List<Lane>> build, TensorSet train, int batch, FitOptions fit) {
        List<Lane> lanes = new ArrayList<>();
        build.accept(lanes);
        try {
            return fit(lanes, train, batch, fit);
        } finally {
            lanes.forEach(l -> l.model.close());
        }
    }

    private static Timed fit(List<Lane> lanes, TensorSet train, int batch, FitOptions fit) {
        StepTimes times = new StepTimes();
        RunContext context = new RunContext(e -> { }, new AtomicBoolean(), 0);
        long t0 = System.nanoTime();
        new FitLoop(context).withOptions(fit).timed(times)
                .fitAll(lanes, train, null, new FitRecipe(false, 1, 0, batch, 1e-3f, 42, 0));
        return new Timed((System.nanoTime() - t0) / 1e9, times);
    }

    private static Timed sweep(ModelSpec spec, TensorSet train, int batch, boolean lockstep, FitOptions fit) {
        List<Lane> lanes = new ArrayList<>();
        try {
            for (int r = 1; r <= 4; r++) {
                lanes.add(variantLane(spec, r, lockstep));
            }
            lanes.add(variantLane(spec, 0, false));
            if (lockstep) {
                return fit(lanes, train, batch, fit);
            }
            double seconds = 0;
            StepTimes sum = new StepTimes();
            for (Lane lane : lanes) {
                Timed t = fit(List.of(lane), train, batch, fit);
                seconds += t.seconds();
                sum.add(t.times());
            }
            return new Timed(seconds, sum);
        } finally {
            lanes.forEach(l -> l.model.close());
        }
    }

    private static void baseLane(ModelSpec spec, List<Lane> lanes) {
        Engine.getInstance().setRandomSeed(42);
        Model model = Model.newInstance("base");
        newBlock(model, spec);
        lanes.add(new Lane("base", model, null));
    }

    /** A LoRA variant of the given rank on every linear layer of a fresh base (rank 0: full). */
    private static Lane variantLane(ModelSpec spec, int rank, boolean share) {
        Engine.getInstance().setRandomSeed(42);
        Model model = Model.newInstance(rank == 0 ? "full" : "lora-r" + rank);
        Block block = newBlock(model, spec);
        if (rank == 0) {
            return new Lane("full", model, null);
        }
        LoraInjector.inject(block, LoraTargets.allLinear(), new LoraConfig(rank, 1f, false, 0f));
        Block first = block.getChildren().get(0).getValue();
        LoraLayer shared = share && first instanceof LoraLayer l ? l : null;
        return new Lane("lora-r" + rank, model, shared);
    }

    private static Block newBlock(Model model, ModelSpec spec) {
        Block block = ModelFactory.build(spec);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, spec.batchShape(1));
        return block;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** VmHWM of this process in KiB (0 where /proc is missing). */
    public static long peakRss() {
        return status("VmHWM:");
    }

    /** VmRSS of this process in KiB (0 where /proc is missing). */
    public static long rss() {
        return status("VmRSS:");
    }

    /** Resets VmHWM to the current RSS (Linux: write 5 to clear_refs), so each workload has its own peak. */
    static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // Not permitted or not Linux: the peak stays cumulative.
        }
    }

    private static long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** The results as name → result, for lookups. */
    public static Map<String, Result> byName(Report report) {
        Map<String, Result> map = new LinkedHashMap<>();
        report.results().forEach(r -> map.put(r.name() + "@" + r.batchSize(), r));
        return map;
    }
}
