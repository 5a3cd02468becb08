package dev.lorabench.app.run;

import dev.lorabench.analysis.stats.SeedSummary;
import dev.lorabench.report.CsvText;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.SeedRun;
import dev.lorabench.train.VariantResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-class error table of a run as CSV: one row per class; the base's and each variant's
 * errors, each variant's change against the base ("Δ"), and with several seeds each variant's
 * mean, sd, min and max over the seeds.
 */
public final class ClassErrorCsv {

    private ClassErrorCsv() {}

    public static String of(RunResult run) {
        if (run.base().evaluation().isRegression()) {
            double base = run.base().evaluation().mse();
            CsvText csv = CsvText.withHeader("series", "mse", "delta_vs_base").row("base", base, 0.0);
            for (VariantResult v : run.variants()) {
                csv.row(v.spec().name(), v.evaluation().mse(), v.evaluation().mse() - base);
            }
            return csv.toString();
        }
        Map<String, List<SeedRun>> seeds = new LinkedHashMap<>();
        run.seedRuns().forEach(s -> seeds.computeIfAbsent(s.variant(), k -> new ArrayList<>()).add(s));
        List<Object> header = new ArrayList<>(List.of("class", "name", "target", "count", "base"));
        run.variants().forEach(v -> header.add(v.spec().name()));
        run.variants().forEach(v -> header.add(v.spec().name() + " Δ"));
        seeds.keySet().forEach(v -> header.addAll(List.of(v + " mean", v + " sd", v + " min", v + " max")));
        CsvText csv = CsvText.withHeader(header);
        int classes = run.base().evaluation().classErrors().size();
        for (int c = 0; c < classes; c++) {
            String name = c < run.classNames().size() ? run.classNames().get(c) : String.valueOf(c);
            int base = run.base().evaluation().classErrors().get(c);
            List<Object> row = new ArrayList<>(List.of(c, name, run.targetClasses().contains(c),
                    run.base().evaluation().classCounts().get(c), base));
            for (VariantResult v : run.variants()) {
                row.add(v.evaluation().classErrors().get(c));
            }
            for (VariantResult v : run.variants()) {
                row.add(v.evaluation().classErrors().get(c) - base);
            }
            for (List<SeedRun> runs : seeds.values()) {
                double[] values = new double[runs.size()];
                for (int k = 0; k < runs.size(); k++) {
                    values[k] = runs.get(k).evaluation().classErrors().get(c);
                }
                SeedSummary s = SeedSummary.of(values);
                row.addAll(List.of(s.mean(), s.sd(), s.min(), s.max()));
            }
            csv.row(row);
        }
        return csv.toString();
    }
}
