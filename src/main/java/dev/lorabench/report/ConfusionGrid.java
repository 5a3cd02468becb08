package dev.lorabench.report;

import dev.lorabench.train.Evaluation;
import java.util.ArrayList;
import java.util.List;

/**
 * A confusion matrix as a chart and a CSV show it: rows the true class, columns the predicted one;
 * either a model's counts or, for a Δ grid, the variant's counts minus the base's.
 *
 * @param variant the model the grid is of ("base" or a variant's name)
 * @param delta whether the cells are variant − base
 */
public record ConfusionGrid(String variant, List<String> classNames, List<List<Integer>> cells, boolean delta) {

    public ConfusionGrid {
        classNames = List.copyOf(classNames);
        cells = cells.stream().map(List::copyOf).toList();
        for (int t = 0; t < cells.size(); t++) {
            if (cells.get(t).size() != cells.size()) {
                throw new IllegalArgumentException(
                        "confusion row " + t + " has " + cells.get(t).size() + " cells, not " + cells.size());
            }
        }
    }

    /** The counts of {@code e} (a classification evaluation). */
    public static ConfusionGrid counts(String variant, List<String> classNames, Evaluation e) {
        return new ConfusionGrid(variant, classNames, e.confusion(), false);
    }

    /** {@code variant}'s counts minus {@code base}'s, cell by cell (both of the same test set). */
    public static ConfusionGrid delta(String variant, List<String> classNames, Evaluation e, Evaluation base) {
        if (e.confusion().size() != base.confusion().size()) {
            throw new IllegalArgumentException("the variant's confusion matrix has " + e.confusion().size()
                    + " classes, the base's " + base.confusion().size());
        }
        List<List<Integer>> rows = new ArrayList<>();
        for (int t = 0; t < e.confusion().size(); t++) {
            List<Integer> row = new ArrayList<>();
            for (int p = 0; p < e.confusion().size(); p++) {
                row.add(e.confusion().get(t).get(p) - base.confusion().get(t).get(p));
            }
            rows.add(row);
        }
        return new ConfusionGrid(variant, classNames, rows, true);
    }

    /** How many classes (rows, and columns). */
    public int size() {
        return cells.size();
    }

    /** The cell of true class {@code t} predicted as {@code p}. */
    public int cell(int t, int p) {
        return cells.get(t).get(p);
    }

    /** The name of class {@code c} (its number when the run named fewer classes). */
    public String className(int c) {
        return c < classNames.size() ? classNames.get(c) : String.valueOf(c);
    }

    /** The largest |cell| off the diagonal (what a colour scale of mistakes spans). */
    public int maxAbsOffDiagonal() {
        int max = 0;
        for (int t = 0; t < size(); t++) {
            for (int p = 0; p < size(); p++) {
                if (t != p) {
                    max = Math.max(max, Math.abs(cell(t, p)));
                }
            }
        }
        return max;
    }

    /** The largest |cell| anywhere. */
    public int maxAbs() {
        int max = 0;
        for (List<Integer> row : cells) {
            for (int v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }
}
