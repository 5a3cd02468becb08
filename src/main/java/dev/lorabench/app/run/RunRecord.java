package dev.lorabench.app.run;

import dev.lorabench.report.SeriesColors;
import dev.lorabench.report.SeriesPalette;
import dev.lorabench.train.LossPoint;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.SeedRun;
import dev.lorabench.train.VariantResult;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished run of this session, as listed in the history, with the times its losses arrived
 * (for the wall-time axis).
 */
public record RunRecord(int number, RunResult result, LocalTime finishedAt, WallTimes times) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** A run without arrival times. */
    public RunRecord(int number, RunResult result, LocalTime finishedAt) {
        this(number, result, finishedAt, WallTimes.NONE);
    }

    /** The base as base.params bytes (for "save base", from the run's artifacts), or null without them. */
    public byte[] baseParameters() {
        return result.artifacts() == null ? null : result.artifacts().baseParameters();
    }

    /** The loss curves (seed 0's): the base (when trained) then each variant, then validation losses. */
    public Map<String, List<LossPoint>> curves() {
        Map<String, List<LossPoint>> curves = new LinkedHashMap<>();
        if (!result.base().losses().isEmpty()) {
            curves.put(SeriesPalette.BASE, result.base().losses());
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

    /**
     * Every loss of one chart's curves, every seed's (from the run's seed records where it has
     * them), with the time it arrived when known.
     */
    public List<LossChartModel.Point> points(LossPhase phase) {
        Map<String, List<SeedRun>> seeds = new LinkedHashMap<>();
        for (SeedRun s : result.seedRuns()) {
            seeds.computeIfAbsent(s.variant(), k -> new ArrayList<>()).add(s);
        }
        List<LossChartModel.Point> points = new ArrayList<>();
        curves().forEach((name, losses) -> {
            if (!phase.holds(name)) {
                return;
            }
            List<SeedRun> runs = seeds.get(name);
            if (runs == null) {
                add(points, name, 0, losses);
            } else {
                runs.forEach(s -> add(points, name, s.seedIndex(), s.losses()));
            }
        });
        return points;
    }

    /** The names of one chart's curves. */
    public List<String> names(LossPhase phase) {
        return curves().keySet().stream().filter(phase::holds).toList();
    }

    private void add(List<LossChartModel.Point> points, String name, int seed, List<LossPoint> losses) {
        for (LossPoint p : losses) {
            points.add(new LossChartModel.Point(name, seed, p.step(), times.seconds(name, seed, p.step()), p.loss()));
        }
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
