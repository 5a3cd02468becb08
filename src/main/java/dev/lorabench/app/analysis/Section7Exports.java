package dev.lorabench.app.analysis;

import dev.lorabench.analysis.Section7Layer;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.report.ChartFiles;
import dev.lorabench.report.RunReport;
import dev.lorabench.report.Section7Charts;
import dev.lorabench.report.Section7Csv;
import dev.lorabench.report.SeriesPalette;
import dev.lorabench.train.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;

/** The LoRA §7 and Intruders tabs' exports: their charts as PNG (light), their tables as CSV (every layer). */
final class Section7Exports {

    private Section7Exports() {}

    /** What the two tabs show, copied on the FX thread for the writer. */
    record Shown(Section7Layer section7Layer, List<Section7Layer> layers, Section7Layer intruderLayer, int k,
            double epsilon, String variant, JFreeChart reduction, SeriesPalette palette) {}

    static Shown capture(AnalysisViewModel tabs, RunResult result) {
        IntruderViewModel i = tabs.intruders();
        return new Shown(tabs.section7().selected(), tabs.section7().all(), i.selected(), i.kProperty().get(),
                i.epsilonProperty().get(), i.variantProperty().get(), tabs.reduction().exportChart(),
                RunReport.palette(result));
    }

    static boolean handles(AnalysisExport kind) {
        return switch (kind) {
            case PHI_RANKS_PNG, PHI_SEEDS_PNG, PHI_RANDOM_PNG, PHI_CSV, AMPLIFICATION_CSV, INTRUDER_COUNTS_PNG,
                    INTRUDER_SIMILARITY_PNG, INTRUDER_REDUCTION_PNG, INTRUDERS_CSV, INTRUDER_COUNTS_CSV,
                    INTRUDER_SIMILARITY_CSV -> true;
            default -> false;
        };
    }

    /** The layer a per-layer export is of (null: the export covers every layer). */
    static String layerOf(AnalysisExport kind, AnalysisViewModel tabs) {
        return switch (kind) {
            case PHI_RANKS_PNG, PHI_SEEDS_PNG, PHI_RANDOM_PNG -> tabs.section7().layerProperty().get();
            case INTRUDER_COUNTS_PNG, INTRUDER_SIMILARITY_PNG -> tabs.intruders().layerProperty().get();
            default -> null;
        };
    }

    static void write(AnalysisExport kind, Path target, Shown s) throws IOException {
        switch (kind) {
            case PHI_RANKS_PNG -> png(phi(need(layer(s.section7Layer()).rankGrid(), "φ between ranks"), "ranks",
                    s.section7Layer()), target);
            case PHI_SEEDS_PNG -> png(phi(need(layer(s.section7Layer()).seedGrid(), "φ between seeds"), "seeds",
                    s.section7Layer()), target);
            case PHI_RANDOM_PNG -> png(phi(need(layer(s.section7Layer()).randomGrid(), "Gaussian control"),
                    "the Gaussian control", s.section7Layer()), target);
            case PHI_CSV -> AtomicWrite.writeString(target, Section7Csv.phi(layers(s)));
            case AMPLIFICATION_CSV -> AtomicWrite.writeString(target, Section7Csv.amplification(layers(s)));
            case INTRUDER_COUNTS_PNG -> png(Section7Charts.countsChart(layer(s.intruderLayer()), s.k(), s.palette()), target);
            case INTRUDER_SIMILARITY_PNG -> png(Section7Charts.similarityChart(layer(s.intruderLayer()),
                    need(s.variant(), "variant"), s.k()), target);
            case INTRUDER_REDUCTION_PNG -> png(need(s.reduction(), "reduced evaluation (move λ first)"), target);
            case INTRUDERS_CSV -> AtomicWrite.writeString(target, Section7Csv.intruders(layers(s), s.k(), s.epsilon()));
            case INTRUDER_COUNTS_CSV -> AtomicWrite.writeString(target, Section7Csv.countsOverEpsilon(layers(s), s.k()));
            case INTRUDER_SIMILARITY_CSV -> AtomicWrite.writeString(target, Section7Csv.similarity(layers(s), s.k()));
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static JFreeChart phi(dev.lorabench.analysis.PhiGrid g, String what, Section7Layer l) {
        return Section7Charts.phiChart("φ of " + what + " — layer " + l.path(), g);
    }

    private static void png(JFreeChart chart, Path target) throws IOException {
        ChartFiles.savePng(chart, target);
    }

    private static Section7Layer layer(Section7Layer l) throws IOException {
        return need(l, "LoRA §7 findings");
    }

    private static List<Section7Layer> layers(Shown s) throws IOException {
        if (s.layers().isEmpty()) {
            throw new IOException("this run has no LoRA §7 findings to export (run it with --section7)");
        }
        return s.layers();
    }

    private static <T> T need(T value, String what) throws IOException {
        if (value == null) {
            throw new IOException("this run has no " + what + " to export");
        }
        return value;
    }
}
