package dev.lorabench.app.run;

import dev.lorabench.analysis.stats.BandKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.train.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.YIntervalSeries;
import org.junit.jupiter.api.Test;

/**
 * Loss curves over several seeds and the loss charts' x axes, fed with synthetic engine events as
 * the GUI's monitor receives them. Oracles: numbers worked out by hand. No toolkit.
 */
class SeedBandsTest {

    private final LossChartModel base = new LossChartModel(LossPhase.BASE, "b");
    private final LossChartModel fineTune = new LossChartModel("t");
    private final RunMonitor monitor = new RunMonitor(base, fineTune, new ClassErrorChartModel(), 0);

    /** Three seeds of lora-r1 over two steps: step 1 losses 1, 2, 4; step 2 losses 3, 3, 6. */
    private void threeSeeds() {
        List<TrainingEvent> events = new ArrayList<>();
        double[][] losses = {{1, 3}, {2, 3}, {4, 6}};
        for (int seed = 0; seed < 3; seed++) {
            for (int step = 1; step <= 2; step++) {
                events.add(new TrainingEvent.StepLoss("lora-r1", step, 1, losses[seed][step - 1], seed));
            }
        }
        monitor.apply(events);
    }

    @Test
    void severalSeedsDrawTheMeanWithAMinMaxBand() {
        threeSeeds();
        XYSeries line = fineTune.dataset().getSeries("lora-r1");
        assertEquals(2, line.getItemCount());
        // Step 1: mean (1 + 2 + 4) / 3 = 7/3; step 2: (3 + 3 + 6) / 3 = 4.
        assertEquals(7.0 / 3, line.getY(0).doubleValue(), 1e-12);
        assertEquals(4.0, line.getY(1).doubleValue(), 1e-12);
        assertTrue(fineTune.hasBands());
        YIntervalSeries band = fineTune.bands().getSeries(0);
        assertEquals("lora-r1", band.getKey());
        assertEquals(1.0, band.getYLowValue(0), 0);
        assertEquals(4.0, band.getYHighValue(0), 0);
        assertEquals(3.0, band.getYLowValue(1), 0);
        assertEquals(6.0, band.getYHighValue(1), 0);
        assertEquals(3, fineTune.curves("lora-r1").seedCount(), "every seed's curve is kept");
    }

    @Test
    void theBandSwitchesToOneSampleStandardDeviation() {
        threeSeeds();
        fineTune.setBand(BandKind.SD);
        YIntervalSeries band = fineTune.bands().getSeries(0);
        // Step 1: deviations from 7/3 are −4/3, −1/3, 5/3; squares sum to 42/9; / (3 − 1) = 7/3.
        double sd1 = Math.sqrt(7.0 / 3);
        assertEquals(7.0 / 3 - sd1, band.getYLowValue(0), 1e-12);
        assertEquals(7.0 / 3 + sd1, band.getYHighValue(0), 1e-12);
        // Step 2: deviations from 4 are −1, −1, 2; squares 6; / 2 = 3.
        assertEquals(4 - Math.sqrt(3), band.getYLowValue(1), 1e-12);
        assertEquals(4 + Math.sqrt(3), band.getYHighValue(1), 1e-12);
    }

    @Test
    void aSeedThatHasNotReachedAStepLeavesItToTheOthers() {
        monitor.apply(List.of(
                new TrainingEvent.StepLoss("full", 1, 1, 2.0, 0),
                new TrainingEvent.StepLoss("full", 2, 1, 1.0, 0),
                new TrainingEvent.StepLoss("full", 1, 1, 4.0, 1)));
        XYSeries line = fineTune.dataset().getSeries("full");
        assertEquals(3.0, line.getY(0).doubleValue(), 0, "step 1: (2 + 4) / 2");
        assertEquals(1.0, line.getY(1).doubleValue(), 0, "step 2: seed 0 alone");
        YIntervalSeries band = fineTune.bands().getSeries(0);
        assertEquals(1.0, band.getYLowValue(1), 0);
        assertEquals(1.0, band.getYHighValue(1), 0);
    }

    @Test
    void oneSeedIsAPlainLineWithoutABand() {
        monitor.apply(List.of(
                new TrainingEvent.StepLoss("lora-r2", 1, 1, 0.9),
                new TrainingEvent.StepLoss("lora-r2", 2, 1, 0.7)));
        assertFalse(fineTune.hasBands());
        assertEquals(0.7, fineTune.dataset().getSeries("lora-r2").getY(1).doubleValue(), 0);
    }

    @Test
    void samplesSeenAreStepsTimesTheBatchSize() {
        ExperimentPlan plan = ExperimentPlan.builder().setRanks(List.of(1)).setBatchSize(32).build();
        monitor.apply(List.of(
                new TrainingEvent.RunStarted(plan, List.of("lora-r1", "full"), 10),
                new TrainingEvent.StepLoss("base", 1, 1, 2.0),
                new TrainingEvent.StepLoss("lora-r1", 3, 1, 0.5)));
        XYSeries line = fineTune.dataset().getSeries("lora-r1");
        assertEquals(3.0, line.getX(0).doubleValue(), 0);
        fineTune.setAxis(XAxisMode.SAMPLES);
        base.setAxis(XAxisMode.SAMPLES);
        assertEquals(96.0, line.getX(0).doubleValue(), 0, "3 steps × 32 rows");
        assertEquals(32.0, base.dataset().getSeries("base").getX(0).doubleValue(), 0);
        assertEquals("samples seen (step × batch size)", fineTune.chart().getXYPlot().getDomainAxis().getLabel());
        fineTune.setAxis(XAxisMode.STEP);
        assertEquals(3.0, line.getX(0).doubleValue(), 0);
    }

    @Test
    void wallTimeCountsFromEachCurvesStartAsTheEventsArrived() {
        long s = 1_000_000_000L;
        monitor.applyArrived(List.of(
                new RunMonitor.Arrival(new TrainingEvent.PhaseStarted("training base", "base"), 10 * s),
                new RunMonitor.Arrival(new TrainingEvent.StepLoss("base", 1, 1, 2.0), 12 * s),
                new RunMonitor.Arrival(new TrainingEvent.PhaseStarted("fine-tuning all variants in lockstep", "lockstep"), 20 * s),
                new RunMonitor.Arrival(new TrainingEvent.StepLoss("lora-r1", 1, 1, 1.0, 0), 21 * s),
                new RunMonitor.Arrival(new TrainingEvent.StepLoss("lora-r1", 2, 1, 0.8, 0), 23 * s),
                // Seed 1's pass starts after seed 0's last loss, without a phase event.
                new RunMonitor.Arrival(new TrainingEvent.StepLoss("lora-r1", 1, 1, 1.2, 1), 24 * s),
                new RunMonitor.Arrival(new TrainingEvent.StepLoss("lora-r1", 2, 1, 1.0, 1), 27 * s)));
        fineTune.setAxis(XAxisMode.WALL_TIME);
        base.setAxis(XAxisMode.WALL_TIME);
        assertEquals(2.0, base.dataset().getSeries("base").getX(0).doubleValue(), 1e-9, "12 s − 10 s");
        XYSeries line = fineTune.dataset().getSeries("lora-r1");
        // Seed 0: 1 s and 3 s after the fine-tune began; seed 1: 1 s and 4 s after seed 0's last loss.
        assertEquals((1 + 1) / 2.0, line.getX(0).doubleValue(), 1e-9);
        assertEquals((3 + 4) / 2.0, line.getX(1).doubleValue(), 1e-9);
        assertEquals("seconds since the fine-tune started", fineTune.chart().getXYPlot().getDomainAxis().getLabel());
    }
}
