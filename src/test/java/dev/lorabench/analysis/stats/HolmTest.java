package dev.lorabench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HolmTest {

    @Test
    void stepDownByHand() {
        // m = 4. Sorted: 0.005 (4th), 0.01 (1st), 0.03 (3rd), 0.04 (2nd).
        // 4·0.005 = 0.02; 3·0.01 = 0.03; 2·0.03 = 0.06; 1·0.04 = 0.04, raised to 0.06 to stay monotone.
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005}),
                1e-15);
    }

    @Test
    void cappedAtOneAndMonotone() {
        // 2·0.5 = 1.0; 1·0.6 = 0.6, raised to 1.0.
        assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.5, 0.6}));
        assertArrayEquals(new double[] {0.2}, Holm.adjust(new double[] {0.2}));
        assertArrayEquals(new double[0], Holm.adjust(new double[0]));
    }

    @Test
    void refusesANonProbability() {
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {0.1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {1.5}));
    }
}
