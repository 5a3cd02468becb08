package dev.lorabench.app.run;

import dev.lorabench.report.CsvText;
import dev.lorabench.report.LossCurve;

/**
 * A loss chart's data as drawn: per curve and point the x value (named after the axis), the line
 * (smoothed; the mean over seeds where several ran) and the band's low and high (empty for one seed).
 */
public final class LossChartCsv {

    private LossChartCsv() {}

    public static String of(LossChartModel.Snapshot chart) {
        CsvText csv = CsvText.withHeader("series", chart.xLabel(), "loss", "band_low", "band_high");
        for (LossCurve c : chart.curves()) {
            for (int i = 0; i < c.x().length; i++) {
                csv.row(c.name(), c.x()[i], c.y()[i], c.hasBand() ? c.low()[i] : "", c.hasBand() ? c.high()[i] : "");
            }
        }
        return csv.toString();
    }
}
