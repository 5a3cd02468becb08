package dev.lorabench.app.run;

import dev.lorabench.app.support.BackgroundTask;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.io.OutputCheck;
import dev.lorabench.report.ChartFiles;
import dev.lorabench.report.Charts;
import dev.lorabench.report.RunJson;
import dev.lorabench.report.RunReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.beans.property.StringProperty;
import org.jfree.chart.JFreeChart;

/**
 * Writes exports in the background. Charts are built there from plain snapshots and rendered
 * with {@link ChartFiles#savePng}, the CLI's renderer; nothing here touches the scene. The
 * target of a run export is first checked with {@link OutputCheck}, as the command line checks
 * its outputs. {@link #inBackground} is the one export command of the toolbar and the analysis tabs.
 */
public final class Exporter {

    /** The charts as shown, captured on the FX thread: what chart exports draw. */
    public record View(LossChartModel.Snapshot fineTune, LossChartModel.Snapshot base, ClassErrorChartModel.Options bars) {}

    /** What the export needs, captured on the FX thread. */
    public record Request(ExportKind kind, RunRecord run, View view, Path target) {}

    /** Writes one export file. */
    @FunctionalInterface
    public interface Write {
        void to(Path target) throws IOException;
    }

    private Exporter() {}

    /**
     * Writes {@code target} on the background executor, saying so on {@code status}: "Exporting …",
     * then "Wrote …" or "Export failed: …" with an error dialog.
     */
    public static CompletableFuture<Path> inBackground(TaskExecutor tasks, StringProperty status, Supplier<UserPrompts> prompts,
            Path target, Write write) {
        return BackgroundTask.wrap(() -> {
                    write.to(target);
                    return target;
                })
                .onRunning(() -> status.set("Exporting " + target.getFileName() + "…"))
                .onSuccess(path -> status.set("Wrote " + path))
                .onFailure(error -> {
                    status.set("Export failed: " + error.getMessage());
                    prompts.get().showError("Export failed", String.valueOf(error.getMessage()));
                })
                .executeWith(tasks);
    }

    public static void write(Request r) throws IOException {
        OutputCheck.file("", r.target());
        switch (r.kind()) {
            case LOSS_PNG -> ChartFiles.savePng(lossChart(r.view().fineTune(), r), r.target());
            case BASE_LOSS_PNG -> ChartFiles.savePng(lossChart(r.view().base(), r), r.target());
            case LOSS_CHART_CSV -> AtomicWrite.writeString(r.target(), LossChartCsv.of(r.view().fineTune()));
            case BASE_LOSS_CHART_CSV -> AtomicWrite.writeString(r.target(), LossChartCsv.of(r.view().base()));
            case CLASS_ERRORS_PNG -> ChartFiles.savePng(ClassErrorChartModel.chartOf(r.run().result(), r.view().bars()),
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

    /** A loss chart as shown, in light colours (files are light whatever the window's theme). */
    private static JFreeChart lossChart(LossChartModel.Snapshot chart, Request r) {
        return Charts.lossChart(chart.title(), chart.xLabel(), chart.curves(), chart.logScale(),
                RunReport.palette(r.run().result()));
    }
}
