package dev.lorabench.app.analysis;

import dev.lorabench.analysis.LayerTimeline;
import dev.lorabench.analysis.SpectrumSample;
import dev.lorabench.analysis.VariantTimeline;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.report.ChartFiles;
import dev.lorabench.report.DeltaWTimelineCharts;
import dev.lorabench.report.DeltaWTimelineCsv;
import dev.lorabench.train.DirectionEffect;
import dev.lorabench.train.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** The "ΔW over time" tab's exports: the timeline as CSV, its two charts and the removed direction's effect. */
final class DeltaWTimelineExports {

    private static final Set<AnalysisExport> KINDS = EnumSet.of(AnalysisExport.DW_TIMELINE_CSV,
            AnalysisExport.DW_STEP_SPECTRUM_PNG, AnalysisExport.DW_RANKS_PNG, AnalysisExport.DW_DIRECTION_PNG,
            AnalysisExport.DW_DIRECTION_CSV);

    private DeltaWTimelineExports() {}

    /** What the tab shows, copied on the FX thread for the writer (nulls where it shows nothing). */
    record Shown(RunResult result, VariantTimeline variant, LayerTimeline layer, SpectrumSample sample,
            DirectionEffect effect) {}

    static boolean handles(AnalysisExport kind) {
        return KINDS.contains(kind);
    }

    static Shown shown(DeltaWTimelineViewModel vm) {
        return new Shown(vm.result(), vm.shownVariant(), vm.shownLayer(), vm.shownSample(), vm.effectProperty().get());
    }

    /** The default file name's middle: variant and layer (and step) for a chart of one layer. */
    static String namepart(AnalysisExport kind, DeltaWTimelineViewModel vm) {
        if (kind == AnalysisExport.DW_TIMELINE_CSV || vm.shownLayer() == null) {
            return "";
        }
        String part = "-" + vm.shownVariant().name() + "-layer" + vm.shownLayer().path();
        if (kind == AnalysisExport.DW_STEP_SPECTRUM_PNG && vm.shownSample() != null) {
            part += "-step" + vm.shownSample().step();
        }
        return part.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static void write(AnalysisExport kind, Path target, Shown s) throws IOException {
        switch (kind) {
            case DW_TIMELINE_CSV -> {
                if (s.result() == null || s.result().deltaWTimeline().isEmpty()) {
                    throw new IOException("this run has no ΔW timeline to export (it sampled none)");
                }
                AtomicWrite.writeString(target, DeltaWTimelineCsv.timeline(s.result().deltaWTimeline()));
            }
            case DW_STEP_SPECTRUM_PNG -> ChartFiles.savePng(
                    DeltaWTimelineCharts.spectrumAt(need(s.variant()), need(s.layer()), need(s.sample())), target);
            case DW_RANKS_PNG -> ChartFiles.savePng(
                    DeltaWTimelineCharts.ranksOverSteps(need(s.variant()), need(s.layer()), need(s.sample()).step()), target);
            case DW_DIRECTION_PNG -> ChartFiles.savePng(DeltaWTimelineCharts.directionEffect(need(s.variant()),
                    DeltaWTimelineCsv.removed(effect(s)), s.result().classNames(), effect(s).deltaErrors()), target);
            case DW_DIRECTION_CSV -> AtomicWrite.writeString(target,
                    DeltaWTimelineCsv.directionEffect(s.result().classNames(), effect(s)));
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static <T> T need(T value) throws IOException {
        if (value == null) {
            throw new IOException("choose a variant and layer with a ΔW timeline first");
        }
        return value;
    }

    private static DirectionEffect effect(Shown s) throws IOException {
        if (s.effect() == null) {
            throw new IOException("remove a direction first: there is no effect to export yet");
        }
        if (s.effect().own().isRegression()) {
            throw new IOException("a regression run has no classes to count errors on");
        }
        return s.effect();
    }
}
