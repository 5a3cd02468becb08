package dev.lorabench.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lorabench.Offline;
import dev.lorabench.cli.Cli;
import dev.lorabench.cli.ExitCodes;
import dev.lorabench.data.DataException;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.train.DataSource;
import dev.lorabench.train.EngineBenchmark;
import dev.lorabench.train.FitOptions;
import dev.lorabench.train.ServiceBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmarks, outside the product (src/bench, built by {@code ./mvnw -Pbench package} into
 * target/lorabench-bench.jar): the training workloads of the performance issue measured in this
 * process (base epochs, LoRA fine-tunes, the sweep sequential vs lockstep, the GEMM ceiling), or
 * with {@code --ui} the chart pacing benchmark. See docs/benchmarks.md.
 */
@Command(name = "lorabench-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures training speed on MNIST: base MLP epochs, LoRA fine-tunes of ranks 1-4, the sweep",
            "sequential vs lockstep, and the 2048x2048 matmul ceiling; ms/step split into forward,",
            "backward and optimizer, GFLOP/s and peak RSS. --ui measures live-chart pacing instead."})
public final class Bench implements Callable<Integer> {

    public static void main(String[] args) {
        Offline.enforce();
        System.exit(commandLine().execute(args));
    }

    /** The command line with lorabench's failure handling (one line on stderr, an exit code). */
    public static CommandLine commandLine() {
        return Cli.withHandlers(new CommandLine(new Bench()));
    }

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object instead of the table") boolean json;
    @Option(names = "--dataset", description = "mnist (default), fashion-mnist or idx:DIR")
    String dataset = "mnist";
    @Option(names = "--train-limit", description = "use the first N training rows (default ${DEFAULT-VALUE}; 0: all 60,000)")
    int trainLimit = 6000;
    @Option(names = "--repeats", description = "runs per workload; the median is reported (default ${DEFAULT-VALUE})")
    int repeats = 1;
    @Option(names = "--batch-sizes", split = ",", description = "batch sizes (default 64,10)")
    List<Integer> batchSizes = List.of(64, 10);
    @Option(names = "--sweeps", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also run the 5-variant sweep sequential and lockstep (default on)")
    boolean sweeps;
    @Option(names = "--djl-adam", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also time the base epoch with DJL's own Adam (default on)")
    boolean djlAdam;
    @Option(names = "--no-stack", description = "step the LoRA lanes one by one where they could train stacked")
    boolean noStack;
    @Option(names = "--no-overlap", description = "keep every lane on one thread (no second thread beside a stack)")
    boolean noOverlap;
    @Option(names = "--service", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also time the first loss point after Run and RSS over --epochs base epochs (default on)")
    boolean service;
    @Option(names = "--epochs", description = "base epochs for the RSS check (default ${DEFAULT-VALUE})")
    int epochs = 20;
    @Option(names = "--ui", description = "run the live-chart pacing benchmark (needs a display, or xvfb-run, or Monocle)")
    boolean ui;
    @Option(names = "--ui-points", description = "points per variant for --ui (default ${DEFAULT-VALUE})")
    int uiPoints = 50_000;

    @Override
    public Integer call() throws IOException, DataException, InterruptedException {
        if (trainLimit < 0) {
            throw new IllegalArgumentException("--train-limit must be at least 0 but was " + trainLimit);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be at least 1 but was " + repeats);
        }
        if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("--batch-sizes must be positive but was " + batchSizes);
        }
        if (uiPoints < 1) {
            throw new IllegalArgumentException("--ui-points must be at least 1 but was " + uiPoints);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (ui) {
            return ui(out);
        }
        EngineBenchmark.Options options = new EngineBenchmark.Options(
                dataset, trainLimit, repeats, sweeps, djlAdam, batchSizes, fitOptions());
        if (!json) {
            out.printf("%-22s %5s %6s %9s %8s %8s %8s %6s %8s %6s %8s%n", "workload", "batch", "steps", "seconds",
                    "fwd ms", "bwd ms", "opt ms", "opt %", "GFLOP/s", "ceil%", "peakMB");
            out.flush();
        }
        EngineBenchmark.Report report = EngineBenchmark.run(options, DataSource.cached(DatasetCache.atDefaultRoot()),
                line -> {
                    System.err.println(line);
                },
                r -> {
                    if (!json) {
                        out.printf("%-22s %5d %6d %9.2f %8.2f %8.2f %8.2f %6.1f %8.1f %6.1f %8.0f%n", r.name(),
                                r.batchSize(), r.steps(), r.seconds(), r.forwardMs(), r.backwardMs(), r.optimizerMs(),
                                100 * r.optimizerShare(), r.gflops(), 100 * r.ceilingShare(), r.peakRssKb() / 1024.0);
                        out.flush();
                    }
                });
        Map<String, EngineBenchmark.Result> by = EngineBenchmark.byName(report);
        JsonObject ratios = new JsonObject();
        for (int b : batchSizes) {
            EngineBenchmark.Result seq = by.get("sweep-sequential@" + b);
            EngineBenchmark.Result lock = by.get("sweep-lockstep@" + b);
            if (seq != null && lock != null) {
                ratios.addProperty("lockstepOverSequential@" + b, lock.seconds() / seq.seconds());
            }
            EngineBenchmark.Result fast = by.get("base-epoch@" + b);
            EngineBenchmark.Result djl = by.get("base-epoch-djl-adam@" + b);
            if (fast != null && djl != null) {
                ratios.addProperty("fusedAdamOverDjlAdam@" + b, fast.seconds() / djl.seconds());
            }
        }
        ServiceBenchmark.Result serviceResult = null;
        if (service) {
            System.err.println("service: first loss point and RSS over " + epochs + " epochs …");
            serviceResult = ServiceBenchmark.run(
                    DataSource.cached(DatasetCache.atDefaultRoot()), dataset, trainLimit, epochs, fitOptions());
        }
        if (json) {
            JsonObject root = new JsonObject();
            if (serviceResult != null) {
                JsonObject svc = new JsonObject();
                svc.addProperty("firstLossSeconds", serviceResult.firstLossSeconds());
                svc.add("rssKbPerEpoch", new com.google.gson.Gson().toJsonTree(serviceResult.rssKbPerEpoch()));
                svc.addProperty("rssGrowthEpoch2ToLast", serviceResult.rssGrowth());
                root.add("service", svc);
            }
            root.addProperty("threads", report.threads());
            root.addProperty("ompWaitPolicy", report.ompWaitPolicy());
            root.addProperty("cores", Runtime.getRuntime().availableProcessors());
            root.addProperty("trainSamples", report.trainSamples());
            root.addProperty("repeats", repeats);
            root.addProperty("ceilingGflops", report.ceilingGflops());
            JsonArray results = new JsonArray();
            for (EngineBenchmark.Result r : report.results()) {
                results.add(new com.google.gson.Gson().toJsonTree(r));
            }
            root.add("results", results);
            root.add("ratios", ratios);
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(root));
        } else {
            out.printf("threads: %s; OMP_WAIT_POLICY=%s; %d cores; %d training rows; medians of %d run(s)%n",
                    report.threads(), report.ompWaitPolicy(), Runtime.getRuntime().availableProcessors(),
                    report.trainSamples(), repeats);
            ratios.entrySet().forEach(e -> out.printf("%s = %.3f%n", e.getKey(), e.getValue().getAsDouble()));
            if (serviceResult != null) {
                List<Long> rss = serviceResult.rssKbPerEpoch();
                out.printf("first loss point %.2f s after start (warm); RSS epoch 2 %d MB, epoch %d %d MB (%+.1f %%)%n",
                        serviceResult.firstLossSeconds(), rss.size() > 1 ? rss.get(1) / 1024 : -1, rss.size(),
                        rss.isEmpty() ? -1 : rss.get(rss.size() - 1) / 1024, 100 * serviceResult.rssGrowth());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The way every measured fit steps, from --no-stack and --no-overlap. */
    private FitOptions fitOptions() {
        return FitOptions.defaults().withStacked(!noStack).withOverlap(!noOverlap);
    }

    private int ui(PrintWriter out) throws InterruptedException {
        out.println(UiPacingBenchmark.run(5, uiPoints, json));
        out.flush();
        return ExitCodes.OK;
    }
}
