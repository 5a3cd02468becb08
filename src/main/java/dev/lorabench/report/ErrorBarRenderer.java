package dev.lorabench.report;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.HashMap;
import java.util.Map;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.category.CategoryDataset;

/**
 * Bars with an optional whisker per bar, from a low to a high value (the spread over seeds). JFreeChart's
 * statistical bar renderer only draws a symmetric ±σ; a min–max range is not symmetric about the mean.
 */
public final class ErrorBarRenderer extends BarRenderer {

    private static final long serialVersionUID = 1L;

    private final Map<Bar, double[]> ranges = new HashMap<>();
    private transient Paint whiskerPaint = java.awt.Color.DARK_GRAY;

    /** Sets the whisker of one bar (series × category), from low to high. */
    public void setRange(String series, String category, double low, double high) {
        ranges.put(key(series, category), new double[] {low, high});
    }

    public void clearRanges() {
        ranges.clear();
    }

    /** The whisker of a bar as {low, high}, or null. */
    public double[] range(String series, String category) {
        return ranges.get(key(series, category));
    }

    /** Whiskers are drawn in the chart's axis colour, so they read on both themes. */
    public void setWhiskerPaint(Paint paint) {
        whiskerPaint = paint;
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
            CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
        super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
        int visibleRow = state.getVisibleSeriesIndex(row);
        double[] r = ranges.get(key(String.valueOf(dataset.getRowKey(row)), String.valueOf(dataset.getColumnKey(column))));
        if (r == null || visibleRow < 0) {
            return;
        }
        double x = calculateBarW0(plot, plot.getOrientation(), dataArea, domainAxis, state, visibleRow, column)
                + state.getBarWidth() / 2;
        RectangleEdge edge = plot.getRangeAxisEdge();
        double y0 = rangeAxis.valueToJava2D(r[0], dataArea, edge);
        double y1 = rangeAxis.valueToJava2D(r[1], dataArea, edge);
        double cap = Math.max(2, state.getBarWidth() / 4);
        g2.setPaint(whiskerPaint);
        g2.setStroke(new BasicStroke(1.2f));
        g2.draw(new Line2D.Double(x, y0, x, y1));
        g2.draw(new Line2D.Double(x - cap, y0, x + cap, y0));
        g2.draw(new Line2D.Double(x - cap, y1, x + cap, y1));
    }

    /** The value axis spans the whiskers too, not only the bars. */
    @Override
    public Range findRangeBounds(CategoryDataset dataset, boolean includeInterval) {
        Range bars = super.findRangeBounds(dataset, includeInterval);
        if (dataset == null) {
            return bars;
        }
        Range out = bars;
        for (int row = 0; row < dataset.getRowCount(); row++) {
            for (int col = 0; col < dataset.getColumnCount(); col++) {
                double[] r = ranges.get(key(String.valueOf(dataset.getRowKey(row)), String.valueOf(dataset.getColumnKey(col))));
                if (r != null) {
                    out = Range.expandToInclude(Range.expandToInclude(out, r[0]), r[1]);
                }
            }
        }
        return out;
    }

    private static Bar key(String series, String category) {
        return new Bar(series, category);
    }

    private record Bar(String series, String category) {}
}
