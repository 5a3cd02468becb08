package dev.lorabench.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.lorabench.Offline;
import dev.lorabench.analysis.LayerTimeline;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.VariantTimeline;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Presets;
import dev.lorabench.report.DeltaWTimelineJson;
import dev.lorabench.report.RunJson;
import dev.lorabench.report.RunReport;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What sampling ΔW over time costs (ADR 0028): a preset's run with the ΔW sampler against the same
 * run without it, alternately (ABBA) after one warm-up run, both with the default trajectory. Times the
 * fine-tune phase (the samples' copies) and the analysis phase to the run's end (the timeline's
 * SVDs), in process CPU seconds; prints what the samples held, run.json's size with and without
 * {@code deltaWTimeline} and the size of deltaw-timeline.json.
 *
 * <pre>java -cp target/lorabench-bench.jar dev.lorabench.train.DeltaWTimelineBenchmark [PRESET] [TRAIN_LIMIT] [REPEATS] [FINETUNE_STEPS]</pre>
 */
public final class DeltaWTimelineBenchmark {

    private DeltaWTimelineBenchmark() {}

    public static void main(String[] args) throws RunFailure {
        Offline.enforce();
        String preset = args.length > 0 ? args[0] : "mlp-mnist";
        int trainLimit = args.length > 1 ? Integer.parseInt(args[1]) : 6000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ExperimentPlan.Builder builder = Presets.get(preset).setTrainLimit(trainLimit);
        if (args.length > 3) {
            builder.setFinetuneSteps(Integer.parseInt(args[3]));
        }
        ExperimentPlan plan = builder.build();
        DataSource source = DataSource.cached(DatasetCache.atDefaultRoot());
        ExperimentRunner sampled = new ExperimentRunner(source, ModelSink.NONE, FitOptions.defaults(),
                TrajectorySampler.Budget.DEFAULT, DeltaWSampler.Budget.DEFAULT);
        ExperimentRunner plain = new ExperimentRunner(source, ModelSink.NONE, FitOptions.defaults(),
                TrajectorySampler.Budget.DEFAULT, DeltaWSampler.Budget.OFF);
        Timed warm = timed(sampled, plan);
        describe(warm.result());
        List<double[]> with = new ArrayList<>();
        List<double[]> without = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            // ABBA: neither kind always runs first, so slow drift in the machine's load evens out.
            if (i % 2 == 0) {
                with.add(timed(sampled, plan).seconds());
                without.add(timed(plain, plan).seconds());
            } else {
                without.add(timed(plain, plan).seconds());
                with.add(timed(sampled, plan).seconds());
            }
        }
        if (repeats == 0) {
            return;
        }
        String[] names = {"fine-tune wall", "fine-tune CPU", "analysis wall", "analysis CPU"};
        for (int k = 0; k < names.length; k++) {
            List<Double> a = column(with, k);
            List<Double> b = column(without, k);
            System.out.printf(Locale.ROOT, "%s with ΔW sampling: %s s, without: %s s; median extra %.2f s (%.1f %%)%n",
                    names[k], a, b, median(a) - median(b), 100 * (median(a) / median(b) - 1));
        }
    }

    private record Timed(RunResult result, double[] seconds) {}

    /**
     * Wall and process CPU seconds (every thread, the engine's included) of the fine-tune phase
     * (the first "fine-tuning" phase to "analysing ΔW") and of the analysis (from there to the result).
     */
    private static Timed timed(ExperimentRunner runner, ExperimentPlan plan) throws RunFailure {
        long[] marks = new long[6];
        RunResult result = runner.run(plan, e -> {
            if (e instanceof TrainingEvent.PhaseStarted p && p.phase().startsWith("fine-tuning") && marks[0] == 0) {
                marks[0] = System.nanoTime();
                marks[1] = cpuNanos();
            } else if (e instanceof TrainingEvent.PhaseStarted p && p.phase().startsWith("analysing")) {
                marks[2] = System.nanoTime();
                marks[3] = cpuNanos();
            } else if (e instanceof TrainingEvent.RunFinished) {
                marks[4] = System.nanoTime();
                marks[5] = cpuNanos();
            }
        }, new AtomicBoolean());
        return new Timed(result, new double[] {round(marks[2] - marks[0]), round(marks[3] - marks[1]),
                round(marks[4] - marks[2]), round(marks[5] - marks[3])});
    }

    /** The samples each variant kept and what they held, and run.json's size with and without the timeline. */
    private static void describe(RunResult result) {
        long floats = 0;
        for (VariantTimeline v : result.deltaWTimeline().variants()) {
            long perSample = 0;
            int samples = 0;
            for (LayerTimeline layer : v.layers()) {
                LoraFactors f = result.artifacts().adapters().get(v.name()).get(layer.path());
                perSample += (long) f.a().rows() * f.a().cols() + (long) f.b().rows() * f.b().cols();
                samples = layer.samples().size();
            }
            floats += perSample * samples;
            System.out.printf(Locale.ROOT, "%s: %d samples of %,d floats (%.2f MB)%n", v.name(), samples, perSample,
                    samples * perSample * 4 / 1e6);
        }
        System.out.printf(Locale.ROOT, "all samples: %,d floats (%.1f MB), held until the analysis%n", floats, floats * 4 / 1e6);
        // Written as RunJson writes run.json.
        var gson = new GsonBuilder().setPrettyPrinting().serializeNulls().serializeSpecialFloatingPointValues()
                .disableHtmlEscaping().create();
        JsonObject tree = RunJson.toTree(result);
        long runJson = bytes(RunJson.toJson(result));
        tree.add("deltaWTimeline", DeltaWTimelineJson.of(result.deltaWTimeline(), true));
        long withSigma = bytes(gson.toJson(tree));
        tree.remove("deltaWTimeline");
        long without = bytes(gson.toJson(tree));
        System.out.printf(Locale.ROOT, "run.json: %,d bytes without deltaWTimeline, %,d with it (no sigma), %,d if it"
                + " held every step's sigma%n", without, runJson, withSigma);
        System.out.printf(Locale.ROOT, "%s: %,d bytes%n", RunReport.DELTAW_TIMELINE_JSON,
                bytes(DeltaWTimelineJson.file(result.deltaWTimeline())));
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static List<Double> column(List<double[]> rows, int k) {
        return rows.stream().map(r -> r[k]).toList();
    }

    private static double round(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
