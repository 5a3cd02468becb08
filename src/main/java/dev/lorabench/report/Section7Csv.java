package dev.lorabench.report;

import dev.lorabench.analysis.Amplification;
import dev.lorabench.analysis.IntruderDimensions;
import dev.lorabench.analysis.IntruderProfile;
import dev.lorabench.analysis.PhiGrid;
import dev.lorabench.analysis.Section7;
import dev.lorabench.analysis.Section7Lab;
import dev.lorabench.analysis.Section7Layer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The §7 and intruder findings as CSV tables (long format, one row per value), the same for the
 * GUI's exports and {@code lorabench analyse}. A layer's k is the asked one capped at its {@link
 * Section7Layer#kMax}.
 */
public final class Section7Csv {

    public static final String PHI = "phi.csv";
    public static final String AMPLIFICATION = "amplification.csv";
    public static final String INTRUDERS = "intruders.csv";
    public static final String COUNTS_OVER_EPSILON = "intruders-over-epsilon.csv";
    public static final String SIMILARITY = "intruder-similarity.csv";

    private Section7Csv() {}

    /** Every φ grid: {@code grid} is ranks (Fig. 3), seeds or random (Fig. 4). */
    public static String phi(List<Section7Layer> layers) {
        CsvText csv = CsvText.withHeader("layer", "grid", "rows", "cols", "i", "j", "phi");
        for (Section7Layer l : layers) {
            grid(csv, l.path(), "ranks", l.rankGrid());
            grid(csv, l.path(), "seeds", l.seedGrid());
            grid(csv, l.path(), "random", l.randomGrid());
        }
        return csv.toString();
    }

    private static void grid(CsvText csv, String layer, String kind, PhiGrid g) {
        if (g == null) {
            return;
        }
        for (int i = 1; i <= g.rowCount(); i++) {
            for (int j = 1; j <= g.colCount(); j++) {
                csv.row(layer, kind, g.rows(), g.cols(), i, j, num(g.at(i, j)));
            }
        }
    }

    /** Table 7 per layer and variant. */
    public static String amplification(List<Section7Layer> layers) {
        CsvText csv = CsvText.withHeader("layer", "variant", "rank", "delta_norm", "weight_norm", "on_delta_directions",
                "on_weight_directions", "on_random_directions", "factor");
        for (Section7Layer l : layers) {
            for (Map.Entry<String, Amplification> e : l.amplification().entrySet()) {
                Amplification a = e.getValue();
                csv.row(l.path(), e.getKey(), a.rank(), num(a.deltaNorm()), num(a.weightNorm()), num(a.onDelta()),
                        num(a.onWeight()), num(a.onRandom()), num(a.factor()));
            }
        }
        return csv.toString();
    }

    /** The intruder count per layer and variant at (k, ε), with the best cosines of the top k. */
    public static String intruders(List<Section7Layer> layers, int k, double epsilon) {
        CsvText csv = CsvText.withHeader("layer", "variant", "k", "epsilon", "intruders", "intruder_indices",
                "best_cosines");
        for (Section7Layer l : layers) {
            for (Map.Entry<String, IntruderProfile> e : l.intruders().entrySet()) {
                IntruderDimensions d = e.getValue().at(kFor(l, e.getValue(), k), epsilon);
                csv.row(l.path(), e.getKey(), d.topK(), num(epsilon), d.count(),
                        String.join(" ", d.intruders().stream().map(j -> String.valueOf(j + 1)).toList()),
                        String.join(" ", java.util.Arrays.stream(d.bestCosine()).mapToObj(Section7Csv::num).toList()));
            }
        }
        return csv.toString();
    }

    /** The counts over {@link Section7Lab#EPSILONS} per layer and variant at k. */
    public static String countsOverEpsilon(List<Section7Layer> layers, int k) {
        CsvText csv = CsvText.withHeader("layer", "variant", "k", "epsilon", "intruders");
        for (Section7Layer l : layers) {
            for (Map.Entry<String, IntruderProfile> e : l.intruders().entrySet()) {
                int kk = kFor(l, e.getValue(), k);
                int[] counts = e.getValue().countsOver(kk, Section7Lab.EPSILONS);
                for (int i = 0; i < counts.length; i++) {
                    csv.row(l.path(), e.getKey(), kk, num(Section7Lab.EPSILONS[i]), counts[i]);
                }
            }
        }
        return csv.toString();
    }

    /** |cos| of the top-k tuned against the top-k base directions, per layer and variant (1-based indices). */
    public static String similarity(List<Section7Layer> layers, int k) {
        CsvText csv = CsvText.withHeader("layer", "variant", "tuned_index", "base_index", "abs_cos");
        for (Section7Layer l : layers) {
            for (Map.Entry<String, IntruderProfile> e : l.intruders().entrySet()) {
                double[][] s = e.getValue().similarity(kFor(l, e.getValue(), k));
                for (int j = 0; j < s.length; j++) {
                    for (int i = 0; i < s[j].length; i++) {
                        csv.row(l.path(), e.getKey(), j + 1, i + 1, num(s[j][i]));
                    }
                }
            }
        }
        return csv.toString();
    }

    /** Every table of a run's findings, by file name. */
    public static Map<String, String> all(Section7 s, int k, double epsilon) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put(PHI, phi(s.layers()));
        files.put(AMPLIFICATION, amplification(s.layers()));
        files.put(INTRUDERS, intruders(s.layers(), k, epsilon));
        files.put(COUNTS_OVER_EPSILON, countsOverEpsilon(s.layers(), k));
        files.put(SIMILARITY, similarity(s.layers(), k));
        return files;
    }

    /** The asked k capped at the layer's and the profile's bound. */
    static int kFor(Section7Layer layer, IntruderProfile p, int k) {
        return Math.max(1, Math.min(k, Math.min(layer.kMax(), p.kMax())));
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }
}
