package dev.lorabench.app.analysis;

import dev.lorabench.report.RunReport;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.SvdPrimer;
import dev.lorabench.app.run.Exporter;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.report.AnalysisCharts;
import dev.lorabench.report.ChartFiles;
import dev.lorabench.report.ConfusionChart;
import dev.lorabench.report.ConfusionGrid;
import dev.lorabench.report.ParetoPoint;
import dev.lorabench.report.TrajectoryCurve;
import dev.lorabench.train.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.StringProperty;

/** The analysis tabs' Export menus: a chart as PNG or its data as CSV, written in the background. */
public final class AnalysisExports {

    private final TaskExecutor tasks;
    private final Supplier<UserPrompts> prompts;
    private final StringProperty status;
    private final AnalysisViewModel tabs;

    /** @param tabs whose shown run, layer, rows and primer are exported */
    AnalysisExports(TaskExecutor tasks, Supplier<UserPrompts> prompts, StringProperty status, AnalysisViewModel tabs) {
        this.tasks = tasks;
        this.prompts = prompts;
        this.status = status;
        this.tabs = tabs;
    }

    /** The run the exports are of (null: nothing to export). */
    public ReadOnlyObjectProperty<RunRecord> runProperty() { return tabs.runProperty(); }

    /** Writes a chart as PNG or its data as CSV, in the background, from what the tabs show now. */
    public CompletableFuture<Path> export(AnalysisExport kind, Path target) {
        RunRecord record = runProperty().get();
        if (record == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no run to export"));
        }
        if (DeltaWTimelineExports.handles(kind)) {
            DeltaWTimelineExports.Shown timeline = DeltaWTimelineExports.shown(tabs.deltaWTimeline());
            return Exporter.inBackground(tasks, status, prompts, target, path -> DeltaWTimelineExports.write(kind, path, timeline));
        }
        if (kind == AnalysisExport.ALGEBRA_PNG || kind == AnalysisExport.ALGEBRA_CSV) {
            AlgebraViewModel algebra = tabs.algebra();
            Supplier<org.jfree.chart.JFreeChart> chart = algebra.exportChart();
            java.util.Map<String, List<Integer>> errors = algebra.errors();
            List<String> classes = algebra.classNames();
            return Exporter.inBackground(tasks, status, prompts, target, path -> {
                if (chart == null) {
                    throw new IOException("nothing combined to export: press Combine first");
                }
                if (kind == AnalysisExport.ALGEBRA_PNG) {
                    ChartFiles.savePng(chart.get(), path);
                } else {
                    AtomicWrite.writeString(path, dev.lorabench.report.AlgebraReport.csv(classes, errors));
                }
            });
        }
        SvdPrimerViewModel primer = tabs.primer();
        Shown shown = new Shown(record.result(), tabs.deltaW().selectedSpectra(), List.copyOf(tabs.integrity().badges()),
                List.copyOf(tabs.gain().rows()), primer.layerProperty().get(), primer.primerProperty().get(), primer.kProperty().get(),
                tabs.confusion().gridProperty().get());
        Section7Exports.Shown section7 = Section7Exports.capture(tabs, record.result());
        return Exporter.inBackground(tasks, status, prompts, target, path -> {
            if (Section7Exports.handles(kind)) {
                Section7Exports.write(kind, path, section7);
            } else {
                write(kind, path, shown);
            }
        });
    }

    /** A default file name for an analysis export of the shown run. */
    public String defaultFileName(AnalysisExport kind) {
        RunRecord r = runProperty().get();
        String stem = r == null ? "lorabench" : r.stem();
        if (DeltaWTimelineExports.handles(kind)) {
            return stem + DeltaWTimelineExports.namepart(kind, tabs.deltaWTimeline()) + kind.file().suffix();
        }
        boolean ofPrimer = kind == AnalysisExport.PRIMER_PNG || kind == AnalysisExport.PRIMER_CSV;
        boolean perLayer = switch (kind) {
            case SPECTRUM_PNG, SPECTRUM_CSV, SIMILARITY_PNG, SIMILARITY_CSV, PRIMER_PNG, PRIMER_CSV -> true;
            default -> false;
        };
        String l = ofPrimer ? tabs.primer().layerProperty().get() : tabs.deltaW().layerProperty().get();
        if (Section7Exports.handles(kind)) {
            String layer = Section7Exports.layerOf(kind, tabs);
            return stem + (layer != null ? "-layer" + safe(layer) : "") + kind.file().suffix();
        }
        ConfusionGrid g = tabs.confusion().gridProperty().get();
        if ((kind == AnalysisExport.CONFUSION_PNG || kind == AnalysisExport.CONFUSION_CSV) && g != null) {
            return stem + "-" + safe(g.variant()) + (g.delta() ? "-delta" : "") + kind.file().suffix();
        }
        return stem + (perLayer && l != null ? "-layer" + safe(l) : "") + kind.file().suffix();
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** What the tabs show, copied on the FX thread for the writer. */
    private record Shown(RunResult result, LayerSpectra spectra, List<IntegrityBadge> badges, List<GainRow> gains,
            String primerLayer, SvdPrimer primer, int k, ConfusionGrid confusion) {}

    private static void write(AnalysisExport kind, Path target, Shown s) throws IOException {
        RunResult result = s.result();
        switch (kind) {
            case INTEGRITY_CSV -> AtomicWrite.writeString(target, AnalysisCsv.integrity(s.badges()));
            case SPECTRUM_PNG -> ChartFiles.savePng(AnalysisCharts.spectrumChart(need(s.spectra(), "layer")), target);
            case SPECTRUM_CSV -> AtomicWrite.writeString(target, AnalysisCsv.spectrum(need(s.spectra(), "layer")));
            case SIMILARITY_PNG -> ChartFiles.savePng(AnalysisCharts.similarityChart(need(s.spectra(), "layer")), target);
            case SIMILARITY_CSV -> AtomicWrite.writeString(target, AnalysisCsv.similarity(need(s.spectra(), "layer")));
            case TRUNCATION_PNG -> ChartFiles.savePng(AnalysisCharts.truncationChart(need(result.truncation(), "truncation curve")), target);
            case TRUNCATION_CSV -> AtomicWrite.writeString(target, AnalysisCsv.truncation(need(result.truncation(), "truncation curve")));
            case GAIN_PNG -> ChartFiles.savePng(AnalysisCharts.gainForgettingChart(
                    result.classNames(), GainForgettingViewModel.deltas(result), result.targetClasses(),
                    RunReport.palette(result)), target);
            case GAIN_CSV -> AtomicWrite.writeString(target,
                    AnalysisCsv.gain(result.classNames(), GainForgettingViewModel.deltas(result), s.gains()));
            case PARETO_PNG -> ChartFiles.savePng(ParetoViewModel.chartOf(classification(result)), target);
            case PARETO_CSV -> AtomicWrite.writeString(target, AnalysisCsv.pareto(ParetoPoint.of(classification(result))));
            case TRAJECTORY_PNG -> ChartFiles.savePng(TrajectoryViewModel.chartOf(sampled(result)), target);
            case TRAJECTORY_CSV -> AtomicWrite.writeString(target, AnalysisCsv.trajectories(TrajectoryCurve.of(sampled(result))));
            case CONFUSION_PNG -> ChartFiles.savePng(ConfusionChart.chart(need(s.confusion(), "confusion matrix")), target);
            case CONFUSION_CSV -> AtomicWrite.writeString(target, AnalysisCsv.confusion(need(s.confusion(), "confusion matrix")));
            case COMPARISONS_CSV -> AtomicWrite.writeString(target, AnalysisCsv.comparisons(compared(result)));
            case PRIMER_PNG -> ChartFiles.savePng(AnalysisCharts.svdPrimerChart(s.primerLayer(), need(s.primer(), "SVD primer"), s.k()), target);
            case PRIMER_CSV -> AtomicWrite.writeString(target, AnalysisCsv.primer(s.primerLayer(), need(s.primer(), "SVD primer")));
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static RunResult classification(RunResult result) throws IOException {
        if (result.base().evaluation().isRegression()) {
            throw new IOException("a regression run has no target classes to gain on");
        }
        return result;
    }

    private static RunResult sampled(RunResult result) throws IOException {
        if (TrajectoryCurve.of(classification(result)).stream().allMatch(c -> c.steps().isEmpty())) {
            throw new IOException("this run has no trajectory to export (it sampled none)");
        }
        return result;
    }

    private static java.util.List<dev.lorabench.analysis.stats.Comparison> compared(RunResult result) throws IOException {
        java.util.List<dev.lorabench.analysis.stats.Comparison> all = result.comparisons();
        if (all.isEmpty()) {
            throw new IOException("this run has no comparisons to export (it used one seed)");
        }
        return all;
    }

    private static <T> T need(T value, String what) throws IOException {
        if (value == null) {
            throw new IOException("this run has no " + what + " to export");
        }
        return value;
    }
}
