package dev.lorabench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * Trainable parameters (log x) against what each variant bought and cost: gain on top, forgetting
 * below, one point per variant (the mean over its finished seeds) with min–max whiskers, each
 * point filled by its mean forgetting on a blue (fewer errors on the other classes) – red (more)
 * scale, and named in its variant's colour. No JavaFX, so the GUI and the PNG export draw the same.
 */
public final class ParetoChart {

    /** The subplots, top to bottom. */
    public static final int GAIN_PLOT = 0;
    public static final int FORGETTING_PLOT = 1;

    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final Color WHISKER = new Color(0x44, 0x44, 0x44);

    private ParetoChart() {}

    /** @param targets the target classes' names, for the title */
    public static JFreeChart chart(List<ParetoPoint> points, List<String> targets, SeriesPalette palette) {
        List<ParetoPoint> drawn = points.stream().filter(ParetoPoint::drawn).toList();
        double bound = drawn.stream().mapToDouble(p -> Math.abs(p.forgetting().mean())).max().orElse(1);
        ColourScale scale = ColourScale.diverging(bound);
        Paint[] fills = drawn.stream().map(p -> scale.colour(p.forgetting().mean())).toArray(Paint[]::new);

        LogAxis x = new LogAxis("trainable parameters (log)");
        x.setBase(10);
        x.setNumberFormatOverride(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        x.setSmallestValue(1);
        // Ticks at whole powers of ten only (10, 100, 1,000), over a range that holds at least one.
        TickUnits decades = new TickUnits();
        for (int e = 1; e <= 6; e++) {
            decades.add(new NumberTickUnit(e));
        }
        x.setStandardTickUnits(decades);
        x.setMinorTickMarksVisible(true);
        double lo = drawn.stream().mapToDouble(ParetoPoint::trainableParameters).min().orElse(1);
        double hi = drawn.stream().mapToDouble(ParetoPoint::trainableParameters).max().orElse(10);
        x.setRange(decadeRange(Math.max(1, lo), Math.max(1, hi)));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(10);
        plot.add(subplot(drawn, ParetoPoint::gain, "gain (errors removed)", fills, palette), 3);
        plot.add(subplot(drawn, ParetoPoint::forgetting, "forgetting (errors added)", fills, palette), 2);

        JFreeChart chart = new JFreeChart("Cost and benefit: trainable parameters vs gain and forgetting (targets "
                + targets + ")", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        int seeds = drawn.stream().mapToInt(ParetoPoint::seeds).max().orElse(0);
        if (seeds > 1) {
            chart.addSubtitle(new TextTitle("Points: mean over the finished seeds (up to " + seeds
                    + "); whiskers: min–max over those seeds", new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        }
        List<String> gone = points.stream().filter(p -> !p.drawn()).map(ParetoPoint::name).toList();
        if (!gone.isEmpty()) {
            chart.addSubtitle(new TextTitle("Not drawn (every seed diverged): " + String.join(", ", gone),
                    new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        }
        NumberAxis legendAxis = new NumberAxis("point colour: mean forgetting");
        legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(8, 8, 8, 8));
        legend.setStripWidth(12);
        legend.setFrame(new BlockBorder(Color.WHITE));
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        return chart;
    }

    /**
     * From a little below {@code lo} to a little above {@code hi} (labels need room), widened to
     * the power of ten below {@code lo} when no power of ten would lie inside.
     */
    static Range decadeRange(double lo, double hi) {
        double from = lo / 1.6;
        double to = hi * 2.5;
        if (Math.floor(Math.log10(to)) < Math.ceil(Math.log10(from))) {
            from = Math.pow(10, Math.floor(Math.log10(lo)));
        }
        return new Range(from, to);
    }

    private static XYPlot subplot(List<ParetoPoint> drawn, Function<ParetoPoint, ParetoPoint.Spread> value, String label,
            Paint[] fills, SeriesPalette palette) {
        XYIntervalSeries series = new XYIntervalSeries(label, false, true);
        for (ParetoPoint p : drawn) {
            ParetoPoint.Spread s = value.apply(p);
            double x = p.trainableParameters();
            series.add(x, x, x, s.mean(), s.min(), s.max());
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(series);
        NumberAxis y = new NumberAxis(label);
        y.setAutoRangeIncludesZero(true);
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYErrorRenderer renderer = new FilledErrorRenderer(fills);
        XYPlot plot = new XYPlot(data, null, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.addRangeMarker(new ValueMarker(0, Color.GRAY, new BasicStroke(1f)));
        for (ParetoPoint p : drawn) {
            XYTextAnnotation name = new XYTextAnnotation("  " + p.name(), p.trainableParameters(), value.apply(p).mean());
            name.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            name.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
            name.setPaint(palette.color(p.name()));
            plot.addAnnotation(name);
        }
        return plot;
    }

    /** Points filled one colour each (their forgetting), outlined and whiskered in dark grey. */
    private static final class FilledErrorRenderer extends XYErrorRenderer {

        private final Paint[] fills;

        FilledErrorRenderer(Paint[] fills) {
            this.fills = fills.clone();
            setDrawXError(false);
            setDrawYError(true);
            setErrorPaint(WHISKER);
            setErrorStroke(new BasicStroke(1.5f));
            setCapLength(8);
            setUseFillPaint(true);
            setUseOutlinePaint(true);
            setDrawOutlines(true);
            setDefaultOutlinePaint(WHISKER);
            setSeriesShape(0, new Ellipse2D.Double(-6, -6, 12, 12));
        }

        @Override
        public Paint getItemFillPaint(int series, int item) {
            return item < fills.length ? fills[item] : super.getItemFillPaint(series, item);
        }

        @Override
        public Paint getItemOutlinePaint(int series, int item) {
            return WHISKER;
        }
    }
}
