package dev.lorabench.app.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EmaTest {

    @Test
    void betaZeroIsTheRawSeries() {
        double[] x = {3, 1, 4, 1, 5};
        assertArrayEquals(x, Ema.smooth(x, x.length, 0), 0);
    }

    @Test
    void debiasingMakesTheFirstValueExact() {
        assertEquals(7.0, new Ema(0.9).next(7.0), 1e-12);
        double[] constant = {2, 2, 2, 2, 2, 2};
        assertArrayEquals(constant, Ema.smooth(constant, 6, 0.95), 1e-12);
    }

    @Test
    void matchesTheRecurrenceByHand() {
        double beta = 0.5;
        double[] x = {4, 0, 2};
        // s1 = 2, s2 = 1, s3 = 1.5; shown s_t / (1 - 0.5^t)
        double[] expected = {2 / 0.5, 1 / 0.75, 1.5 / 0.875};
        assertArrayEquals(expected, Ema.smooth(x, 3, beta), 1e-12);
        Ema ema = new Ema(beta);
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], ema.next(x[i]), 1e-12);
        }
    }

    @Test
    void rejectsBetaOutsideTheRange() {
        assertThrows(IllegalArgumentException.class, () -> new Ema(1.0));
        assertThrows(IllegalArgumentException.class, () -> new Ema(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Ema(Double.NaN));
    }
}
