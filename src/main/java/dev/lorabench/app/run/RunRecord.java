package dev.lorabench.app.run;

import dev.lorabench.report.SeriesColors;
import dev.lorabench.train.LossPoint;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A finished run of this session, as listed in the history. */
public record RunRecord(int number, RunResult result, LocalTime finishedAt) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** The base as base.params bytes (for "save base", from the run's artifacts), or null without them. */
    public byte[] baseParameters() {
        return result.artifacts() == null ? null : result.artifacts().baseParameters();
    }

    /** The loss curves: the base (when trained) then each variant. */
    public Map<String, List<LossPoint>> curves() {
        Map<String, List<LossPoint>> curves = new LinkedHashMap<>();
        if (!result.base().losses().isEmpty()) {
            curves.put("base", result.base().losses());
        }
        for (VariantResult v : result.variants()) {
            curves.put(v.spec().name(), v.losses());
        }
        for (VariantResult v : result.variants()) {
            if (!v.validationLosses().isEmpty()) {
                curves.put(v.spec().name() + SeriesColors.VALIDATION_SUFFIX, v.validationLosses());
            }
        }
        return curves;
    }

    /** A short file-name stem: the preset, or model and dataset for custom plans. */
    public String stem() {
        return FileNames.stem(result.plan());
    }

    @Override
    public String toString() {
        String name = result.plan().preset().equals("custom")
                ? result.plan().model().id() + " (custom)" : result.plan().preset();
        return "#" + number + "  " + name + " · " + result.variants().size() + " variants · "
                + finishedAt.format(TIME);
    }
}
