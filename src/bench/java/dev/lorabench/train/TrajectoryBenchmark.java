package dev.lorabench.train;

import dev.lorabench.Offline;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Presets;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What sampling the learning–forgetting trajectory costs: the mlp-mnist preset's fine-tune (from
 * its first step to the end of the last variant, evaluations and certificates included) with the
 * trajectory sampler against the same run without it, alternately, after one warm-up run.
 *
 * <pre>java -cp target/lorabench-bench.jar dev.lorabench.train.TrajectoryBenchmark [TRAIN_LIMIT] [REPEATS] [SAMPLES]</pre>
 */
public final class TrajectoryBenchmark {

    private TrajectoryBenchmark() {}

    public static void main(String[] args) throws RunFailure {
        Offline.enforce();
        int trainLimit = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        TrajectorySampler.Budget budget = args.length > 2
                ? new TrajectorySampler.Budget(TrajectorySampler.Budget.DEFAULT.points(), Integer.parseInt(args[2]))
                : TrajectorySampler.Budget.DEFAULT;
        ExperimentPlan plan = Presets.get("mlp-mnist").setTrainLimit(trainLimit).build();
        DataSource source = DataSource.cached(DatasetCache.atDefaultRoot());
        ExperimentRunner sampled = new ExperimentRunner(source, ModelSink.NONE, FitOptions.defaults(), budget,
                DeltaWSampler.Budget.OFF);
        ExperimentRunner plain = new ExperimentRunner(source, ModelSink.NONE, FitOptions.defaults(),
                TrajectorySampler.Budget.OFF, DeltaWSampler.Budget.OFF);
        fineTune(sampled, plan); // warm-up
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        List<Double> withCpu = new ArrayList<>();
        List<Double> withoutCpu = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            double[] a = fineTune(sampled, plan);
            double[] b = fineTune(plain, plan);
            with.add(a[0]);
            withCpu.add(a[1]);
            without.add(b[0]);
            withoutCpu.add(b[1]);
        }
        System.out.printf(Locale.ROOT, "mlp-mnist, train limit %d, at most %d fine-tune steps per variant, %d variants;"
                + " trajectory of about %d points on %d test rows%n", trainLimit, plan.finetune().steps(),
                plan.variants().size(), budget.points(), budget.samples());
        System.out.printf(Locale.ROOT, "fine-tune wall with the trajectory: %s s, without: %s s%n", with, without);
        System.out.printf(Locale.ROOT, "fine-tune CPU with the trajectory: %s s, without: %s s%n", withCpu, withoutCpu);
        System.out.printf(Locale.ROOT, "median extra: wall %.2f s (%.0f %%), CPU %.2f s (%.0f %%)%n",
                median(with) - median(without), 100 * (median(with) / median(without) - 1),
                median(withCpu) - median(withoutCpu), 100 * (median(withCpu) / median(withoutCpu) - 1));
    }

    /**
     * Wall and process CPU seconds (every thread, the engine's included) from the fine-tune's start
     * to the ΔW analysis: every variant's fit and finish. CPU time is less moved by other work on a
     * shared machine.
     */
    private static double[] fineTune(ExperimentRunner runner, ExperimentPlan plan) throws RunFailure {
        long[] marks = new long[4];
        runner.run(plan, e -> {
            if (e instanceof TrainingEvent.PhaseStarted p && p.phase().startsWith("fine-tuning") && marks[0] == 0) {
                marks[0] = System.nanoTime();
                marks[2] = cpuNanos();
            } else if (e instanceof TrainingEvent.PhaseStarted p && p.phase().startsWith("analysing")) {
                marks[1] = System.nanoTime();
                marks[3] = cpuNanos();
            }
        }, new AtomicBoolean());
        return new double[] {Math.round((marks[1] - marks[0]) / 1e7) / 100.0, Math.round((marks[3] - marks[2]) / 1e7) / 100.0};
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
