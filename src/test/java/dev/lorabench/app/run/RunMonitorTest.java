package dev.lorabench.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.app.FakeRuns;
import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Applying batches of engine events to the chart models and the summary. No toolkit. */
class RunMonitorTest {

    private final LossChartModel baseLoss = new LossChartModel(LossPhase.BASE, "b");
    private final LossChartModel loss = new LossChartModel("t");
    private final ClassErrorChartModel bars = new ClassErrorChartModel();
    private final RunMonitor monitor = new RunMonitor(baseLoss, loss, bars, 1000);

    @Test
    void batchesUpdateChartsProgressAndRows() {
        ExperimentPlan plan = ExperimentPlan.builder().setRanks(List.of(1, 2)).setFinetuneClasses(ClassSelection.worstClass()).build();
        List<TrainingEvent> first = new ArrayList<>();
        first.add(new TrainingEvent.RunStarted(plan, List.of("lora-r1", "lora-r2", "full"), 100));
        first.add(new TrainingEvent.PhaseStarted("training base", "base"));
        for (int s = 1; s <= 40; s++) {
            first.add(new TrainingEvent.StepLoss("base", s, 1, 2.0 / s));
            first.add(new TrainingEvent.Progress(s, 100, 10.0));
        }
        monitor.apply(first);
        assertEquals("training base", monitor.phase());
        assertEquals(0.4, monitor.progress(), 1e-12);
        assertEquals(10.0, monitor.etaSeconds(), 0);
        assertEquals(40, baseLoss.pointCount("base"));
        assertEquals(0, loss.pointCount("base"), "the base's curve is on its own chart");
        assertEquals(List.of("base"), monitor.series());
        assertNull(monitor.terminal());

        RunResult result = FakeRuns.run();
        List<TrainingEvent> second = new ArrayList<>();
        second.add(new TrainingEvent.Evaluated("base", result.base().evaluation()));
        second.add(new TrainingEvent.BaseReady("sha"));
        second.add(new TrainingEvent.PhaseStarted("fine-tuning lora-r1", "lora-r1"));
        for (int s = 1; s <= 5; s++) {
            second.add(new TrainingEvent.StepLoss("lora-r1", s, 1, 0.5));
        }
        second.add(new TrainingEvent.Evaluated("lora-r1", result.variants().get(0).evaluation()));
        second.add(new TrainingEvent.VariantFinished(result.variants().get(0)));
        monitor.apply(second);

        assertEquals(List.of(3), monitor.targets(), "worst class of the base");
        assertEquals(List.of(3), bars.targets());
        assertEquals(List.of("lora-r1"), bars.dataset().getRowKeys(), "Δ vs base by default");
        assertEquals(10, bars.dataset().getColumnCount());
        assertEquals(5, loss.pointCount("lora-r1"));
        assertEquals(List.of("base", "lora-r1"), monitor.series());
        assertEquals(2, monitor.rows().size(), "the base's row and lora-r1's");
        assertTrue(monitor.rows().get(0).isBase());
        SummaryRow row = monitor.rows().get(1);
        assertEquals("lora-r1", row.variant());
        assertEquals(2, row.targetErrors());
        assertEquals(9, row.otherErrors());
        assertEquals(0.01, row.share(), 1e-12);
        assertEquals("10 (1.000%)", row.trainableText());
        assertEquals("✓", row.baseUnchangedText());

        monitor.apply(List.of(new TrainingEvent.RunFinished(result)));
        assertSame(TrainingEvent.RunFinished.class, monitor.terminal().getClass());
        assertEquals(4, monitor.rows().size());
        assertEquals(1.0, monitor.progress(), 0);
        assertEquals("✗", monitor.rows().get(3).baseUnchangedText());
    }

    @Test
    void failuresAndCancellationsEndTheRun() {
        monitor.apply(List.of(new TrainingEvent.RunFailed("dataset broke", TrainingEvent.FailureKind.DATA)));
        assertTrue(monitor.terminal() instanceof TrainingEvent.RunFailed);
        RunMonitor other = new RunMonitor(baseLoss, loss, bars, 0);
        other.apply(List.of(new TrainingEvent.RunCancelled()));
        assertTrue(other.terminal() instanceof TrainingEvent.RunCancelled);
        assertEquals(-1, other.progress(), 0);
    }

    @Test
    void classErrorBarsShowDeltasAgainstTheBase() {
        RunResult run = FakeRuns.run();
        bars.load(run);
        bars.setDelta(false);
        assertEquals(4, bars.dataset().getRowCount());
        assertEquals(5.0, bars.dataset().getValue("base", "3").doubleValue(), 0);
        bars.setDelta(true);
        assertEquals(List.of("lora-r1", "lora-r2", "full"), bars.dataset().getRowKeys());
        assertEquals(-3.0, bars.dataset().getValue("lora-r1", "3").doubleValue(), 0);
        assertEquals(2.0, bars.dataset().getValue("full", "0").doubleValue(), 0);
        assertEquals(1, bars.chart().getCategoryPlot().getDomainMarkers(org.jfree.chart.ui.Layer.BACKGROUND).size(),
                "the target class is shaded");
        assertTrue(bars.chart().getTitle().getText().contains("3"));
    }

    @Test
    void classErrorCsvHasAColumnPerSeries() {
        String csv = ClassErrorCsv.of(FakeRuns.run());
        String[] lines = csv.split("\n");
        assertEquals("class,name,target,count,base,lora-r1,lora-r2,full,lora-r1 Δ,lora-r2 Δ,full Δ", lines[0]);
        // Class 3: the base gets 5 wrong; lora-r1 2, lora-r2 1, full 0: Δ = −3, −4, −5.
        assertEquals("3,3,true,10,5,2,1,0,-3,-4,-5", lines[4]);
        assertEquals(11, lines.length);
    }
}
