package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The merge check compares merged outputs on the analysis rows with those rows of the whole-set
 * outputs; the analysis and trajectory subsets are class shares spread over the test set.
 */
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

    @Test
    void givesEachClassItsShareByLargestRemainder() {
        // Counts 4, 2, 4 of 10 rows, 5 wanted: exactly half of each class, the second row of each
        // run of 2: class 0 rows 1 and 3, class 1 row 5, class 2 rows 7 and 9.
        assertArrayEquals(new int[] {1, 3, 5, 7, 9}, AnalysisRows.spreadRows(new int[] {0, 0, 0, 0, 1, 1, 2, 2, 2, 2}, 3, 5));
        // Counts 3, 3, 1 of 7, 4 wanted: 12/7 each for classes 0 and 1 and 4/7 for class 2; the two
        // rows left after the whole parts go to the largest remainders (5/7, 5/7 over 4/7). Class 0
        // (rows 1, 3, 5) and class 1 (rows 2, 4, 6) in runs of 1.5 rows: their rows 0 and 2.
        assertArrayEquals(new int[] {1, 2, 5, 6}, AnalysisRows.spreadRows(new int[] {2, 0, 1, 0, 1, 0, 1}, 3, 4));
        // No more rows than wanted: all of them.
        assertArrayEquals(new int[] {0, 1, 2}, AnalysisRows.spreadRows(new int[] {1, 1, 0}, 2, 3));
        assertArrayEquals(new int[] {0, 1, 2}, AnalysisRows.spreadRows(new int[] {1, 1, 0}, 2, 500));
    }

    /**
     * A test set stored in uneven blocks of each class (as MNIST's writers are not shuffled across
     * it), 500 of 3,000 rows as the trajectory takes: each class gets m·n_c/n rounded down or up, and
     * its q picks fall one into each of q equal runs of its rows, so they span the class's rows
     * from the first run to the last rather than bunching at its first rows.
     */
    @Test
    void eachClassesPicksFallOneIntoEachOfItsEqualRuns() {
        Random random = new Random(42);
        int n = 3000;
        int classes = 10;
        int[] labels = new int[n];
        for (int i = 0; i < n; ) {
            int c = random.nextInt(classes);
            int block = 1 + random.nextInt(c == 3 ? 400 : 120);
            for (int b = 0; b < block && i < n; b++) {
                labels[i++] = c;
            }
        }
        int m = 500;
        int[] rows = AnalysisRows.spreadRows(labels, classes, m);
        assertEquals(m, rows.length);
        for (int k = 1; k < m; k++) {
            assertTrue(rows[k - 1] < rows[k], "ascending, distinct");
        }
        for (int c = 0; c < classes; c++) {
            List<Integer> ofClass = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (labels[i] == c) {
                    ofClass.add(i);
                }
            }
            int nc = ofClass.size();
            List<Integer> picks = new ArrayList<>();
            for (int r : rows) {
                if (labels[r] == c) {
                    picks.add(ofClass.indexOf(r));
                }
            }
            int q = picks.size();
            double share = (double) m * nc / n;
            assertTrue(q == Math.floor(share) || q == Math.ceil(share), "class " + c + ": " + q + " of share " + share);
            for (int j = 0; j < q; j++) {
                // The j-th pick's place p among the class's rows: j·n_c/q ≤ p < (j+1)·n_c/q.
                long p = picks.get(j);
                assertTrue(p * q >= (long) j * nc && p * q < (long) (j + 1) * nc, "class " + c + " pick " + j + " at " + p);
            }
        }
    }
}
