package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The merge check compares merged outputs on the analysis rows with those rows of the whole-set outputs. */
class AnalysisRowsTest {

    @Test
    void picksTheSubsetsRowsOfRowMajorOutputs() {
        // 4 test rows of 3 outputs each: row r holds r·10 + column.
        float[] outputs = {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32};
        AnalysisRows subset = new AnalysisRows(new int[] {1, 3}, null, 4);
        assertArrayEquals(new float[] {10, 11, 12, 30, 31, 32}, subset.pick(outputs));
        AnalysisRows whole = new AnalysisRows(null, null, 4);
        assertSame(outputs, whole.pick(outputs));
    }

    @Test
    void spreadsEachClassesPicksOverTheWholeTestSet() {
        // Class 0 on rows 0-5, class 1 on rows 6-9, class 0 again on rows 10-11: 8 of class 0, 4 of class 1.
        int[] labels = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0};
        // m = 6 of 12: shares 4 and 2. Class 0's rows {0..5, 10, 11} in 4 runs of 2: the second of each,
        // rows 1, 3, 5, 11; class 1's rows {6..9} in 2 runs of 2: rows 7 and 9.
        assertArrayEquals(new int[] {1, 3, 5, 7, 9, 11}, AnalysisRows.spreadRows(labels, 2, 6));
    }
}
