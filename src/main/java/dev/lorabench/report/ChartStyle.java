package dev.lorabench.report;

import java.awt.Color;

/**
 * The colours of a chart's frame: background, plot area, grid, axes and text. The workbench draws
 * its live charts in the window's theme; files (PNG exports, the CLI's charts) are always light.
 *
 * @param dark whether series colours must read on a dark plot (the near-black full fine-tune turns light)
 */
public record ChartStyle(Color background, Color plot, Color grid, Color axis, Color text, boolean dark) {

    /** Today's light charts: white, with Primer's light text colours. */
    public static final ChartStyle LIGHT = new ChartStyle(
            Color.WHITE, Color.WHITE, new Color(0xdd, 0xdd, 0xdd), new Color(0x57, 0x60, 0x6a),
            new Color(0x24, 0x29, 0x2f), false);

    /** Primer dark's canvas, subtle and border colours, so a chart sits in the dark window. */
    public static final ChartStyle DARK = new ChartStyle(
            new Color(0x0d, 0x11, 0x17), new Color(0x16, 0x1b, 0x22), new Color(0x30, 0x36, 0x3d),
            new Color(0x8b, 0x94, 0x9e), new Color(0xc9, 0xd1, 0xd9), true);
}
