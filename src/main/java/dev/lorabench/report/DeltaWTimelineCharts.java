package dev.lorabench.report;

import dev.lorabench.analysis.LayerTimeline;
import dev.lorabench.analysis.SpectrumSample;
import dev.lorabench.analysis.VariantTimeline;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The "ΔW over time" charts (ADR 0028): a layer's spectrum at one sampled step against its final
 * one, its ranks and φ over the steps, and the per-class effect of removing a direction. No
 * JavaFX: the tab shows them and the exports render them alike.
 */
public final class DeltaWTimelineCharts {

    /** The spectrum chart's series: σ at the chosen step, then the final σ drawn faint. */
    public static final int NOW = 0;
    public static final int END = 1;
    /** The ranks chart's datasets: ranks on the left axis, φ (0…1) on the right. */
    public static final int RANKS = 0;
    public static final int PHI = 1;

    private DeltaWTimelineCharts() {}

    /** σᵢ of ΔW at {@code now} (log axis; zeros left out) with the fine-tune's last spectrum faint behind it. */
    public static JFreeChart spectrumAt(VariantTimeline variant, LayerTimeline layer, SpectrumSample now) {
        SpectrumSample end = layer.last();
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(sigma("step " + now.step(), now));
        data.addSeries(sigma("end (step " + end.step() + ")", end));
        JFreeChart chart = ChartFactory.createXYLineChart(
                "ΔW of " + variant.name() + " — layer " + layer.path() + " at step " + now.step(),
                "index i", "σᵢ (log)", data, PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis axis = new LogAxis("σᵢ (log)");
        axis.setSmallestValue(1e-8);
        plot.setRangeAxis(axis);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        Color colour = SeriesColors.of(variant.variant());
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(NOW, colour);
        r.setSeriesStroke(NOW, new BasicStroke(2.2f));
        r.setSeriesPaint(END, new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 80));
        r.setSeriesStroke(END, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                new float[] {5f, 4f}, 0f));
        plot.setRenderer(r);
        chart.setAntiAlias(true);
        Charts.applyStyle(chart, ChartStyle.LIGHT);
        return chart;
    }

    private static XYSeries sigma(String name, SpectrumSample s) {
        XYSeries series = new XYSeries(name, false, true);
        for (int i = 0; i < s.size(); i++) {
            if (s.sigma(i) > 0) {
                series.add(i + 1, s.sigma(i), false);
            }
        }
        return series;
    }

    /**
     * Over the sampled steps: the effective rank and the 90 %-energy rank (left axis) and φ of the
     * top directions against the final ones, input and output side (right axis, 0…1), with a
     * marker at {@code step}.
     */
    public static JFreeChart ranksOverSteps(VariantTimeline variant, LayerTimeline layer, int step) {
        XYSeriesCollection ranks = new XYSeriesCollection();
        XYSeries erank = new XYSeries("effective rank", false, true);
        XYSeries energy = new XYSeries("90 % energy rank", false, true);
        XYSeriesCollection phi = new XYSeriesCollection();
        XYSeries phiIn = new XYSeries("φ input side (V)", false, true);
        XYSeries phiOut = new XYSeries("φ output side (U)", false, true);
        for (SpectrumSample s : layer.samples()) {
            erank.add(s.step(), s.effectiveRank(), false);
            energy.add(s.step(), s.energyRank90(), false);
            phiIn.add(s.step(), s.phiInput(), false);
            phiOut.add(s.step(), s.phiOutput(), false);
        }
        ranks.addSeries(erank);
        ranks.addSeries(energy);
        phi.addSeries(phiIn);
        phi.addSeries(phiOut);
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Ranks and φ of " + variant.name() + "'s ΔW over its fine-tune — layer " + layer.path(),
                "step", "rank", ranks, PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        Color colour = SeriesColors.of(variant.variant());
        XYLineAndShapeRenderer left = new XYLineAndShapeRenderer(true, true);
        left.setSeriesPaint(0, colour);
        left.setSeriesStroke(0, new BasicStroke(2.2f));
        left.setSeriesPaint(1, colour.darker());
        left.setSeriesStroke(1, new BasicStroke(1.4f));
        plot.setRenderer(RANKS, left);
        NumberAxis phiAxis = new NumberAxis("φ vs final directions");
        phiAxis.setRange(0, 1.02);
        plot.setRangeAxis(PHI, phiAxis);
        plot.setRangeAxisLocation(PHI, AxisLocation.BOTTOM_OR_RIGHT);
        plot.setDataset(PHI, phi);
        plot.mapDatasetToRangeAxis(PHI, PHI);
        XYLineAndShapeRenderer right = new XYLineAndShapeRenderer(true, false);
        Color grey = SeriesColors.BASE;
        right.setSeriesPaint(0, grey);
        right.setSeriesStroke(0, dashed(1.6f));
        right.setSeriesPaint(1, grey.darker());
        right.setSeriesStroke(1, new BasicStroke(1.6f));
        plot.setRenderer(PHI, right);
        ValueMarker at = new ValueMarker(step, SeriesColors.BASE, dashed(1.2f));
        at.setLabel(String.format(Locale.ROOT, "step %d", step));
        plot.addDomainMarker(at);
        chart.setAntiAlias(true);
        Charts.applyStyle(chart, ChartStyle.LIGHT);
        return chart;
    }

    private static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f);
    }

    /**
     * Change in test errors per class when directions are removed from a variant's ΔW, against the
     * variant as trained (positive: the removed directions had fixed those errors).
     *
     * @param what what was removed, for the title (e.g. "σ₁ of layer 2")
     */
    public static JFreeChart directionEffect(VariantTimeline variant, String what, List<String> classNames,
            List<Integer> deltaErrors) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int c = 0; c < deltaErrors.size(); c++) {
            data.addValue(deltaErrors.get(c), variant.name(), c < classNames.size() ? classNames.get(c) : String.valueOf(c));
        }
        return Charts.barChart(variant.name() + " without " + what + ": Δ test errors per class",
                "class", "Δ test errors vs " + variant.name() + " (positive: it needed this)", data,
                SeriesPalette.of(List.of(variant.variant())));
    }
}
