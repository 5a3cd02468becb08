package dev.lorabench.app;

import dev.lorabench.data.AtomicWrite;
import dev.lorabench.data.OutputCheck;
import dev.lorabench.report.ChartFiles;
import dev.lorabench.report.Charts;
import dev.lorabench.report.RunReport;
import dev.lorabench.report.RunJson;
import dev.lorabench.report.RunReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jfree.chart.JFreeChart;

/**
 * Writes exports on a background executor. Charts are built there from plain snapshots and
 * rendered with {@link ChartFiles#savePng}, the CLI's renderer; nothing here touches the scene.
 * The target is first checked with {@link OutputCheck}, as the command line checks its outputs.
 */
public final class Exporter {

    /** What the export needs, captured on the FX thread. */
    public record Request(
            ExportKind kind, RunRecord run, Map<String, double[][]> lossCurves, boolean logScale,
            boolean deltaBars, Path target) {}

    private final Executor background;

    public Exporter(Executor background) {
        this.background = background;
    }

    public CompletableFuture<Path> export(Request request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                write(request);
                return request.target();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, background);
    }

    static void write(Request r) throws IOException {
        OutputCheck.file("", r.target());
        switch (r.kind()) {
            case LOSS_PNG -> ChartFiles.savePng(lossChart(r), r.target());
            case CLASS_ERRORS_PNG -> ChartFiles.savePng(
                    r.run().result().base().evaluation().isRegression()
                            ? RunReport.mseChart(r.run().result())
                            : ClassErrorChartModel.chartOf(r.run().result(), r.deltaBars()),
                    r.target());
            case LOSSES_CSV -> AtomicWrite.writeString(r.target(), RunReport.lossesCsv(r.run().result()));
            case CLASS_ERRORS_CSV -> AtomicWrite.writeString(r.target(), ClassErrorCsv.of(r.run().result()));
            case RUN_JSON -> AtomicWrite.writeString(r.target(), RunJson.toJson(r.run().result()));
            case BASE_PARAMS -> {
                if (r.run().baseParameters() == null) {
                    throw new IOException("this run has no base parameters to save");
                }
                AtomicWrite.writeBytes(r.target(), r.run().baseParameters());
            }
            default -> throw new IllegalStateException(r.kind().name());
        }
    }

    private static JFreeChart lossChart(Request r) {
        var plan = r.run().result().plan();
        String title = "Training loss — " + plan.model().displayName() + " on " + plan.dataset();
        return Charts.lossChart(title, r.lossCurves(), r.logScale(), RunReport.palette(r.run().result()));
    }
}
