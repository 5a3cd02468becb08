package dev.lorabench.analysis.stats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A mean curve with its band over several seeds' curves. Curves may differ in length and steps (a
 * seed that diverged or stopped early ends sooner): each step summarises the curves that have a
 * finite value there, and {@link BandPoint#count()} says how many; a step where none has one is left
 * out. Points are in ascending step order.
 */
public record CurveBand(List<BandPoint> points) {

    public CurveBand {
        points = List.copyOf(points);
    }

    /** @throws IllegalArgumentException if a curve has the same step twice */
    public static CurveBand of(List<List<CurvePoint>> curves) {
        Map<Integer, List<Double>> byStep = new TreeMap<>();
        for (int c = 0; c < curves.size(); c++) {
            Set<Integer> seen = new HashSet<>();
            for (CurvePoint p : curves.get(c)) {
                if (!seen.add(p.step())) {
                    throw new IllegalArgumentException("curve " + c + " has step " + p.step() + " twice");
                }
                if (Double.isFinite(p.value())) {
                    byStep.computeIfAbsent(p.step(), s -> new ArrayList<>()).add(p.value());
                }
            }
        }
        List<BandPoint> points = new ArrayList<>(byStep.size());
        byStep.forEach((step, values) -> points.add(BandPoint.of(step, SeedSummary.of(values))));
        return new CurveBand(points);
    }
}
