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
}
