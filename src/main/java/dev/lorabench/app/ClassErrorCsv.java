package dev.lorabench.app;

import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;

/** The per-class error table of a run as CSV: one row per class, one column per series. */
public final class ClassErrorCsv {

    private ClassErrorCsv() {}

    public static String of(RunResult run) {
        StringBuilder sb = new StringBuilder();
        if (run.base().evaluation().isRegression()) {
            sb.append("series,mse\n");
            sb.append("base,").append(run.base().evaluation().mse()).append('\n');
            for (VariantResult v : run.variants()) {
                sb.append(v.spec().name()).append(',').append(v.evaluation().mse()).append('\n');
            }
            return sb.toString();
        }
        sb.append("class,name,target,count,base");
        run.variants().forEach(v -> sb.append(',').append(v.spec().name()));
        sb.append('\n');
        int classes = run.base().evaluation().classErrors().size();
        for (int c = 0; c < classes; c++) {
            String name = c < run.classNames().size() ? run.classNames().get(c) : String.valueOf(c);
            sb.append(c).append(',').append(quote(name)).append(',')
                    .append(run.targetClasses().contains(c)).append(',')
                    .append(run.base().evaluation().classCounts().get(c)).append(',')
                    .append(run.base().evaluation().classErrors().get(c));
            for (VariantResult v : run.variants()) {
                sb.append(',').append(v.evaluation().classErrors().get(c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
