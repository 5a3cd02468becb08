package dev.lorabench.report;


import dev.lorabench.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** Renders charts to PNG offscreen (no display needed), the same way for CLI and GUI. */
public final class ChartFiles {

    public static final int WIDTH = 1200;
    public static final int HEIGHT = 700;

    private ChartFiles() {}

    public static void savePng(JFreeChart chart, Path file) throws IOException {
        savePng(chart, file, WIDTH, HEIGHT);
    }

    public static void savePng(JFreeChart chart, Path file, int width, int height) throws IOException {
        AtomicWrite.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }
}
