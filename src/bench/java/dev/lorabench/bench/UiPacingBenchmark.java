package dev.lorabench.bench;

import dev.lorabench.app.run.LossChartModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/**
 * Live-chart pacing: a synthetic stream of loss points (several variants, tens of thousands of
 * points each) into a JFreeChart-FX loss chart, measuring how long the FX thread goes between
 * frames (p50/p99/max stall) and the frame rate.
 *
 * <p>What runs is the workbench's own live chart, {@link LossChartModel}: producers only enqueue; an
 * {@link AnimationTimer} drains the queue at most ten times a second and appends the batch with one
 * redraw; the model keeps the full history and draws at most ~2,000 points a series (thinned by a
 * stride that doubles as the run grows), with the sampling renderer of the report charts.
 *
 * <p>Run by {@code Bench --ui} (src/bench, outside the product). Needs a display, {@code xvfb-run}, or Monocle headless
 * ({@code -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw} with
 * openjfx-monocle on the class path).
 */
public final class UiPacingBenchmark {

    private static final long DRAIN_NANOS = 100_000_000L;

    private UiPacingBenchmark() {}

    /** Streams {@code variants} × {@code points} over about five seconds; returns the report line or JSON. */
    public static String run(int variants, int points, boolean json) throws InterruptedException {
        startToolkit();
        ConcurrentLinkedQueue<double[]> queue = new ConcurrentLinkedQueue<>();
        List<Long> gaps = new ArrayList<>();
        List<Long> drains = new ArrayList<>();
        CountDownLatch shown = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<Stage> stage = new AtomicReference<>();
        // The workbench's own live chart: thinning, smoothing and one redraw per drain included.
        LossChartModel model = new LossChartModel("pacing");
        String[] names = {"lora-r1", "lora-r2", "lora-r3", "lora-r4", "full", "base", "lora-r5", "lora-r6"};
        JFreeChart chart = model.chart();
        long[] frameCount = new long[1];
        long[] span = new long[2];
        boolean[] producing = {true};
        AnimationTimer timer = new AnimationTimer() {
            private long last;
            private long lastDrain;

            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                if (last != 0) {
                    gaps.add(t - last);
                } else {
                    span[0] = t;
                }
                last = t;
                frameCount[0]++;
                if (t - lastDrain >= DRAIN_NANOS) {
                    lastDrain = t;
                    long d0 = System.nanoTime();
                    List<LossChartModel.Point> batch = new ArrayList<>();
                    double[] p;
                    while ((p = queue.poll()) != null) {
                        batch.add(new LossChartModel.Point(names[(int) p[0] % names.length], p[1], p[2]));
                    }
                    model.append(batch);
                    drains.add(System.nanoTime() - d0);
                    if (!producing[0] && queue.isEmpty()) {
                        span[1] = t;
                        stop();
                        finished.countDown();
                    }
                }
            }
        };
        Platform.runLater(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new ChartViewer(chart), 900, 560));
            s.show();
            stage.set(s);
            timer.start();
            shown.countDown();
        });
        if (!shown.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the chart window did not open");
        }
        // Producers: all variants advance together (as a lockstep sweep reports), about 5 s in all.
        double[][] history = new double[variants][points];
        int perMs = Math.max(1, points / 5000);
        java.util.Random random = new java.util.Random(1);
        long started = System.nanoTime();
        for (int i = 0; i < points; i++) {
            for (int v = 0; v < variants; v++) {
                double y = 2.3 * Math.exp(-i / (points / 8.0)) / (1 + v * 0.2) + 0.05 * random.nextDouble();
                history[v][i] = y;
                queue.add(new double[] {v, i + 1, y});
            }
            if (i % perMs == perMs - 1) {
                Thread.sleep(1);
            }
        }
        long produced = System.nanoTime() - started;
        producing[0] = false;
        if (!finished.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the chart did not catch up with the stream");
        }
        CountDownLatch closed = new CountDownLatch(1);
        Platform.runLater(() -> {
            stage.get().close();
            closed.countDown();
        });
        closed.await(10, TimeUnit.SECONDS);
        long[] g = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] d = drains.stream().mapToLong(Long::longValue).sorted().toArray();
        double seconds = (span[1] - span[0]) / 1e9;
        double fps = frameCount[0] / Math.max(1e-9, seconds);
        String summary = String.format(Locale.ROOT,
                "{\"variants\": %d, \"pointsPerVariant\": %d, \"produceSeconds\": %.2f, \"seconds\": %.2f, "
                        + "\"frames\": %d, \"fps\": %.1f, \"stallP50Ms\": %.2f, \"stallP99Ms\": %.2f, \"stallMaxMs\": %.2f, "
                        + "\"drainP50Ms\": %.2f, \"drainMaxMs\": %.2f, \"glass\": \"%s\"}",
                variants, points, produced / 1e9, seconds, frameCount[0], fps, pct(g, 50) / 1e6, pct(g, 99) / 1e6,
                g.length == 0 ? 0 : g[g.length - 1] / 1e6, pct(d, 50) / 1e6, d.length == 0 ? 0 : d[d.length - 1] / 1e6,
                System.getProperty("glass.platform", "default"));
        if (json) {
            return summary;
        }
        return String.format(Locale.ROOT,
                "UI pacing: %d variants x %,d points in %.1f s: %.1f fps, FX stall p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                        + " (drain p50 %.1f ms, max %.1f ms)",
                variants, points, seconds, fps, pct(g, 50) / 1e6, pct(g, 99) / 1e6,
                g.length == 0 ? 0 : g[g.length - 1] / 1e6, pct(d, 50) / 1e6, d.length == 0 ? 0 : d[d.length - 1] / 1e6)
                + (Arrays.stream(history).mapToInt(h -> h.length).sum() == variants * points ? "" : " (history incomplete)");
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void startToolkit() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("no display for JavaFX (" + e.getMessage()
                    + "); run under xvfb-run or with Monocle headless, see docs/benchmarks.md");
        }
        Platform.setImplicitExit(false);
        started.await(30, TimeUnit.SECONDS);
    }
}
