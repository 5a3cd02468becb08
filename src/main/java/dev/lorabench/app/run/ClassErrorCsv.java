package dev.lorabench.app.run;

import dev.lorabench.report.CsvText;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.util.ArrayList;
import java.util.List;

/** The per-class error table of a run as CSV: one row per class, one column per series. */
public final class ClassErrorCsv {

    private ClassErrorCsv() {}

    public static String of(RunResult run) {
        if (run.base().evaluation().isRegression()) {
            CsvText csv = CsvText.withHeader("series", "mse").row("base", run.base().evaluation().mse());
            for (VariantResult v : run.variants()) {
                csv.row(v.spec().name(), v.evaluation().mse());
            }
            return csv.toString();
        }
        List<Object> header = new ArrayList<>(List.of("class", "name", "target", "count", "base"));
        run.variants().forEach(v -> header.add(v.spec().name()));
        CsvText csv = CsvText.withHeader(header);
        int classes = run.base().evaluation().classErrors().size();
        for (int c = 0; c < classes; c++) {
            String name = c < run.classNames().size() ? run.classNames().get(c) : String.valueOf(c);
            List<Object> row = new ArrayList<>(List.of(c, name, run.targetClasses().contains(c),
                    run.base().evaluation().classCounts().get(c), run.base().evaluation().classErrors().get(c)));
            for (VariantResult v : run.variants()) {
                row.add(v.evaluation().classErrors().get(c));
            }
            csv.row(row);
        }
        return csv.toString();
    }
}
