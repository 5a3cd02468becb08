package dev.lorabench.report;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * A continuous colour scale through evenly spaced stops, clamped at both ends: values past the
 * bounds take the end colours (JFreeChart's lookup scale would paint them its default colour, so a
 * confusion matrix's large diagonal would vanish).
 */
final class ColourScale implements PaintScale {

    private static final Color[] BLUES = {new Color(0xf7, 0xfb, 0xff), new Color(0x6b, 0xae, 0xd6), new Color(0x08, 0x30, 0x6b)};
    // Blue (fewer) through a light grey, not white, to red (more): a 0 stays visible on a white plot.
    private static final Color[] DIVERGING = {
        new Color(0x21, 0x66, 0xac), new Color(0x92, 0xc5, 0xde), new Color(0xee, 0xee, 0xee),
        new Color(0xf4, 0xa5, 0x82), new Color(0xb2, 0x18, 0x2b)};

    private final double lower;
    private final double upper;
    private final Color[] stops;

    private ColourScale(double lower, double upper, Color[] stops) {
        if (!(upper > lower)) {
            throw new IllegalArgumentException("upper bound " + upper + " must exceed lower bound " + lower);
        }
        this.lower = lower;
        this.upper = upper;
        this.stops = stops;
    }

    /** White (0) to dark blue ({@code upper}, at least 1). */
    static ColourScale sequential(double upper) {
        return new ColourScale(0, Math.max(1, upper), BLUES);
    }

    /** Blue (−bound) through grey (0) to red (+bound); bound at least 1. */
    static ColourScale diverging(double bound) {
        double b = Math.max(1, bound);
        return new ColourScale(-b, b, DIVERGING);
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        return colour(value);
    }

    Color colour(double value) {
        double t = Double.isNaN(value) ? 0.5 : Math.max(0, Math.min(1, (value - lower) / (upper - lower)));
        double at = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) Math.floor(at));
        double f = at - i;
        Color a = stops[i];
        Color b = stops[i + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    /** Whether black text would be hard to read on {@code c} (its luma is below one half). */
    static boolean dark(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue() < 128;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
