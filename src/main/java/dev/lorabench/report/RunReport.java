package dev.lorabench.report;


import dev.lorabench.io.AtomicWrite;
import dev.lorabench.train.LossPoint;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/** Writes a finished run's files: run.json, losses.csv, the two charts and, with LoRA variants, deltaw-timeline.json. */
public final class RunReport {

    public static final String RUN_JSON = "run.json";
    public static final String LOSSES_CSV = "losses.csv";
    public static final String LOSS_PNG = "loss.png";
    public static final String CLASS_ERRORS_PNG = "class-errors.png";
    public static final String MSE_PNG = "mse.png";
    /** ΔW over time with every sampled step's singular values (ADR 0028), for runs with LoRA variants. */
    public static final String DELTAW_TIMELINE_JSON = "deltaw-timeline.json";

    private RunReport() {}

    /** Writes every report file into {@code dir} (created if needed); returns the files written. */
    public static List<Path> write(RunResult run, Path dir) throws IOException {
        Path json = dir.resolve(RUN_JSON);
        Path csv = dir.resolve(LOSSES_CSV);
        Path loss = dir.resolve(LOSS_PNG);
        AtomicWrite.writeString(json, RunJson.toJson(run));
        AtomicWrite.writeString(csv, lossesCsv(run));
        ChartFiles.savePng(lossChart(run), loss);
        Path second;
        if (run.base().evaluation().isRegression()) {
            second = dir.resolve(MSE_PNG);
            ChartFiles.savePng(mseChart(run), second);
        } else {
            second = dir.resolve(CLASS_ERRORS_PNG);
            ChartFiles.savePng(classErrorChart(run), second);
        }
        if (run.deltaWTimeline().isEmpty()) {
            return List.of(json, csv, loss, second);
        }
        Path timeline = dir.resolve(DELTAW_TIMELINE_JSON);
        AtomicWrite.writeString(timeline, DeltaWTimelineJson.file(run.deltaWTimeline()));
        return List.of(json, csv, loss, second, timeline);
    }

    /** Fine-tune loss curves of every variant. */
    public static JFreeChart lossChart(RunResult run) {
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (VariantResult v : run.variants()) {
            curves.put(v.spec().name(), points(v.losses()));
        }
        for (VariantResult v : run.variants()) {
            if (!v.validationLosses().isEmpty()) {
                curves.put(v.spec().name() + SeriesColors.VALIDATION_SUFFIX, points(v.validationLosses()));
            }
        }
        String title = "Fine-tune loss — " + run.plan().model().displayName() + " on " + run.plan().dataset();
        return Charts.lossChart(title, curves, false, palette(run));
    }

    /** Test errors per class: the base, then every variant. */
    public static JFreeChart classErrorChart(RunResult run) {
        Map<String, List<Integer>> errors = new LinkedHashMap<>();
        errors.put("base", run.base().evaluation().classErrors());
        run.variants().forEach(v -> errors.put(v.spec().name(), v.evaluation().classErrors()));
        return Charts.classErrorChart(
                "Test errors per class (fine-tuned on " + run.targetClasses() + ")", run.classNames(), errors, palette(run));
    }

    /** Test MSE of the base and every variant (regression runs). */
    public static JFreeChart mseChart(RunResult run) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("base", run.base().evaluation().mse());
        run.variants().forEach(v -> values.put(v.spec().name(), v.evaluation().mse()));
        return Charts.valueChart("Test MSE on the shifted task", "test MSE", values, palette(run));
    }

    /** The colours and order of the run's series, from its variants. */
    public static SeriesPalette palette(RunResult run) {
        return SeriesPalette.of(run.variants().stream().map(VariantResult::spec).toList());
    }

    /** Long format: variant,step,loss for the base and every variant. */
    public static String lossesCsv(RunResult run) {
        CsvText csv = CsvText.withHeader("variant", "step", "loss");
        append(csv, "base", run.base().losses());
        run.variants().forEach(v -> append(csv, v.spec().name(), v.losses()));
        return csv.toString();
    }

    private static void append(CsvText csv, String name, List<LossPoint> losses) {
        for (LossPoint p : losses) {
            csv.row(name, p.step(), p.loss());
        }
    }

    private static double[][] points(List<LossPoint> losses) {
        double[][] pts = new double[losses.size()][];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = new double[] {losses.get(i).step(), losses.get(i).loss()};
        }
        return pts;
    }
}
