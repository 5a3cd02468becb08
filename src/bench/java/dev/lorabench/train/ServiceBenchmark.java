package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two targets measured through the training service itself, as the GUI uses it: how soon the
 * first loss point arrives after a run starts (data cached, engine warm), and whether resident
 * memory stays flat over many epochs.
 */
public final class ServiceBenchmark {

    private ServiceBenchmark() {}

    /** Seconds from start to the first step loss, and resident memory after every base epoch. */
    public record Result(double firstLossSeconds, List<Long> rssKbPerEpoch) {

        public Result {
            rssKbPerEpoch = List.copyOf(rssKbPerEpoch);
        }

        /** RSS after the last epoch against after epoch 2, as a fraction (0.05 = +5 %). */
        public double rssGrowth() {
            if (rssKbPerEpoch.size() < 2) {
                return Double.NaN;
            }
            return (double) rssKbPerEpoch.get(rssKbPerEpoch.size() - 1) / rssKbPerEpoch.get(1) - 1;
        }
    }

    /**
     * Warms up with one short run, times a second one to its first loss point, then trains the
     * seeds' MLP for {@code epochs} base epochs on {@code trainLimit} rows reading RSS after each;
     * every fit steps as {@code fit} says.
     */
    public static Result run(DataSource source, String dataset, int trainLimit, int epochs, FitOptions fit) {
        ExperimentPlan quick = ExperimentPlan.builder().setDataset(dataset).setTrainLimit(trainLimit).setTestLimit(500)
                .setBatchSize(64).setRanks(List.of(1)).setFull(false).setFinetuneSteps(1).build();
        ExperimentRunner runner = new ExperimentRunner(source, ModelSink.NONE, fit);
        runOrStop(runner, quick, e -> { }, new AtomicBoolean());

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong first = new AtomicLong();
        long started = System.nanoTime();
        runOrStop(runner, quick, e -> {
            if (e instanceof TrainingEvent.StepLoss && first.get() == 0) {
                first.set(System.nanoTime());
                stop.set(true); // the rest of this run is not what is measured
            }
        }, stop);

        List<Long> rss = new ArrayList<>();
        ExperimentPlan longer = quick.toBuilder().setBaseEpochs(epochs).build();
        runOrStop(runner, longer, e -> {
            if (e instanceof TrainingEvent.EpochEnded end && end.variant().equals(ExperimentRunner.BASE)) {
                rss.add(EngineBenchmark.rss());
            }
        }, new AtomicBoolean());
        return new Result((first.get() - started) / 1e9, rss);
    }

    /** Runs the plan; a cancel is how the timed run stops, any other failure ends the benchmark. */
    private static void runOrStop(ExperimentRunner runner, ExperimentPlan plan, TrainingListener listener,
            AtomicBoolean cancel) {
        try {
            runner.run(plan, listener, cancel);
        } catch (RunFailure.Cancelled expected) {
            // the measured part is over
        } catch (RunFailure f) {
            throw new IllegalStateException(f.getMessage(), f);
        }
    }
}
