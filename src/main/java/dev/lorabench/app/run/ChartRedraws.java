package dev.lorabench.app.run;

import org.jfree.chart.JFreeChart;

/**
 * When a chart redraws: at once after each change (JFreeChart's way), or, while {@linkplain
 * #setDeferred deferred} (a run is live), not until {@link #flush()}. Changes go into the data and
 * axes either way; only the drawing waits. Call from one thread (the FX thread in the app).
 */
public final class ChartRedraws {

    private final JFreeChart chart;
    private boolean deferred;
    private boolean pending;

    ChartRedraws(JFreeChart chart) {
        this.chart = chart;
        // The plot reports every change of data, axes and renderers, also while the chart is quiet.
        chart.getPlot().addChangeListener(e -> pending |= deferred);
    }

    /** Defers redraws (true); ending the deferral (false) draws once. */
    public void setDeferred(boolean defer) {
        if (defer == deferred) {
            return;
        }
        deferred = defer;
        pending = false;
        chart.setNotify(!defer); // turning it back on draws
    }

    public boolean isDeferred() { return deferred; }

    /** Whether a deferred change waits to be drawn. */
    public boolean pending() { return deferred && pending; }

    /** Draws the pending changes once; does nothing if none are. Returns whether it drew. */
    public boolean flush() {
        if (!pending()) {
            return false;
        }
        pending = false;
        chart.setNotify(true); // fires one chart change: the viewer redraws
        chart.setNotify(false);
        return true;
    }

    /** Ends a change made with the chart's notification off: it draws now unless deferred. */
    void resume() {
        chart.setNotify(!deferred);
    }
}
