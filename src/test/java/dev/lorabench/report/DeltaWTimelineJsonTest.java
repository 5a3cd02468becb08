package dev.lorabench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The timeline's singular values keep 4 significant digits whatever their size. */
class DeltaWTimelineJsonTest {

    @Test
    void singularValuesAreRoundedToFourSignificantDigits() {
        assertEquals(1.235e-4, DeltaWTimelineJson.significant(0.000123456));
        assertEquals(12350.0, DeltaWTimelineJson.significant(12345.6));
        assertEquals(0.5, DeltaWTimelineJson.significant(0.5));
        assertEquals(0.0, DeltaWTimelineJson.significant(0.0));
    }
}
