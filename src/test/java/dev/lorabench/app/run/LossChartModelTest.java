package dev.lorabench.app.run;

import dev.lorabench.app.FakeRuns;
import dev.lorabench.plan.Variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.report.SeriesColors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.Test;

/** The loss chart's data model: batches, smoothing rebuilds, visibility, log axis. No toolkit. */
class LossChartModelTest {

    @Test
    void aBatchAddsPointsAndRedrawsOnce() {
        LossChartModel model = new LossChartModel("t");
        model.setVariants(List.of(Variant.lora(1)));
        AtomicInteger redraws = new AtomicInteger();
        model.chart().addChangeListener(e -> redraws.incrementAndGet());
        List<LossChartModel.Point> batch = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            batch.add(new LossChartModel.Point("base", i, 1.0 / i));
            if (i % 5 == 0) {
                batch.add(new LossChartModel.Point("lora-r1", i / 5, 0.5));
            }
        }
        List<String> created = model.append(batch);
        assertEquals(List.of("base", "lora-r1"), created);
        assertEquals(500, model.pointCount("base"));
        assertEquals(100, model.pointCount("lora-r1"));
        assertEquals(1, redraws.get(), "one chart redraw per batch");
        assertEquals(SeriesColors.of(Variant.lora(1)), model.chart().getXYPlot().getRenderer().getSeriesPaint(1));
        assertEquals(List.of(), model.append(List.of(new LossChartModel.Point("base", 501, 0.1))));
        assertEquals(501, model.history("base").size());
    }

    @Test
    void deferredRedrawsWaitForAFlushAndTheDataDoesNot() {
        LossChartModel model = new LossChartModel("t");
        AtomicInteger redraws = new AtomicInteger();
        model.chart().addChangeListener(e -> redraws.incrementAndGet());
        model.redraws().setDeferred(true);
        assertFalse(model.redraws().pending(), "nothing changed yet");
        assertFalse(model.redraws().flush());
        for (int batch = 0; batch < 3; batch++) {
            model.append(List.of(new LossChartModel.Point("full", batch + 1, 1.0 / (batch + 1))));
        }
        assertEquals(0, redraws.get(), "no redraw while deferred");
        assertEquals(3, model.pointCount("full"), "the points are in the dataset all the same");
        assertEquals(1.0, model.chart().getXYPlot().getRangeAxis().getRange().getUpperBound(), 0.2,
                "the axes follow the data");
        assertTrue(model.redraws().pending());
        assertTrue(model.redraws().flush());
        assertEquals(1, redraws.get(), "three batches, one redraw");
        assertFalse(model.redraws().flush(), "nothing new since");
        assertEquals(1, redraws.get());
        // A user's change while deferred is drawn at the next flush too.
        model.setLogScale(true);
        assertEquals(1, redraws.get());
        assertTrue(model.redraws().flush());
        assertEquals(2, redraws.get());
        // Ending the deferral draws at once, and from then on every change draws.
        model.append(List.of(new LossChartModel.Point("full", 4, 0.2)));
        model.redraws().setDeferred(false);
        assertEquals(3, redraws.get());
        model.append(List.of(new LossChartModel.Point("full", 5, 0.1)));
        assertEquals(4, redraws.get());
        assertFalse(model.redraws().pending());
    }

    @Test
    void smoothingRebuildsFromTheFullHistory() {
        LossChartModel model = new LossChartModel("t");
        double[] raw = {4, 0, 2, 8, 1};
        List<LossChartModel.Point> batch = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            batch.add(new LossChartModel.Point("full", i + 1, raw[i]));
        }
        model.append(batch);
        XYSeries series = model.dataset().getSeries("full");
        assertEquals(8.0, series.getY(3).doubleValue(), 0);

        model.setSmoothing(0.5);
        double[] expected = Ema.smooth(raw, raw.length, 0.5);
        for (int i = 0; i < raw.length; i++) {
            assertEquals(expected[i], series.getY(i).doubleValue(), 1e-12);
        }
        // New points continue the smoothed curve where the rebuild left it.
        model.append(List.of(new LossChartModel.Point("full", 6, 3)));
        double[] longer = Ema.smooth(new double[] {4, 0, 2, 8, 1, 3}, 6, 0.5);
        assertEquals(longer[5], series.getY(5).doubleValue(), 1e-12);

        model.setSmoothing(0);
        assertEquals(3.0, series.getY(5).doubleValue(), 0);
        assertEquals(4.0, model.history("full").loss(0), 0, "history keeps raw values");
    }

    @Test
    void logScaleVisibilityAndSnapshots() {
        LossChartModel model = new LossChartModel("t");
        model.append(List.of(new LossChartModel.Point("base", 1, 1), new LossChartModel.Point("lora-r2", 1, 2)));
        assertTrue(model.chart().getXYPlot().getRangeAxis() instanceof NumberAxis);
        model.setLogScale(true);
        assertTrue(model.chart().getXYPlot().getRangeAxis() instanceof LogAxis);
        model.setLogScale(false);
        assertFalse(model.chart().getXYPlot().getRangeAxis() instanceof LogAxis);

        model.setVisible("base", false);
        assertFalse(model.chart().getXYPlot().getRenderer().getSeriesVisible(0));
        LossChartModel.Snapshot snapshot = model.snapshot();
        assertEquals(List.of("lora-r2"), snapshot.curves().stream().map(c -> c.name()).toList());
        assertEquals(2.0, snapshot.curves().get(0).y()[0], 0);

        List<LossChartModel.Point> seven = new ArrayList<>();
        FakeRuns.losses(7, 1.0).forEach(p -> seven.add(new LossChartModel.Point("lora-r1", p.step(), p.loss())));
        model.load(seven, List.of("lora-r1"));
        assertEquals(List.of("lora-r1"), model.seriesNames());
        assertEquals(7, model.pointCount("lora-r1"));
        assertEquals(0, model.pointCount("base"));
    }

    @Test
    void longRunsAreThinnedForDrawingButKeptWhole() {
        LossChartModel model = new LossChartModel("t");
        model.setSmoothing(0.9);
        int n = 50_000;
        for (int start = 1; start <= n; start += 1000) {
            java.util.List<LossChartModel.Point> batch = new java.util.ArrayList<>();
            for (int i = start; i < start + 1000; i++) {
                batch.add(new LossChartModel.Point("lora-r1", i, 1.0 + Math.sin(i)));
            }
            model.append(batch);
        }
        assertEquals(n, model.history("lora-r1").size(), "the full history stays");
        int drawn = model.pointCount("lora-r1");
        assertTrue(drawn <= LossChartModel.MAX_DRAWN && drawn > LossChartModel.MAX_DRAWN / 4, "drawn " + drawn);
        // The drawn values are the EMA over every point, not over the thinned ones.
        Ema ema = new Ema(0.9);
        double expected = 0;
        org.jfree.data.xy.XYSeries series = model.dataset().getSeries(0);
        double lastDrawnStep = series.getX(series.getItemCount() - 1).doubleValue();
        for (int i = 1; i <= (int) lastDrawnStep; i++) {
            expected = ema.next(1.0 + Math.sin(i));
        }
        assertEquals(expected, series.getY(series.getItemCount() - 1).doubleValue(), 1e-12);
        model.setSmoothing(0);
        assertTrue(model.pointCount("lora-r1") <= LossChartModel.MAX_DRAWN);
    }
}
