package dev.lorabench.app.analysis;

import dev.lorabench.plan.Variant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.app.FakeRuns;
import dev.lorabench.app.run.ClassErrorChartModel;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.train.RunResult;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import org.junit.jupiter.api.Test;

/** The ΔW lab's table shows each variant's 90 %-energy rank beside its effective rank. */
class DeltaWTableTest {

    @Test
    void everyVariantRowCarriesItsNinetyPercentEnergyRank() {
        AnalysisViewModel vm = new AnalysisViewModel(new TaskExecutor(Runnable::run, Runnable::run), new ClassErrorChartModel(),
                FXCollections.observableArrayList(), () -> new UserPrompts() {
                    @Override
                    public void offerFetch(String dataset, String detail, Runnable fetch) {}

                    @Override
                    public void showError(String title, String message) {}
                });
        LayerSpectra layer = new LayerSpectra("2", 2000, 1000, new double[] {3, 2, 1},
                Map.of("lora-r2", new double[] {0.5, 0.1}, "full", new double[] {0.7, 0.1}),
                Map.of("lora-r2", 1.4, "full", 137.5), Map.of("lora-r2", 6.5, "full", 3.2),
                List.of("lora-r2", "full"), new double[][] {{1, 0.4}, {0.4, 1}},
                Map.of("lora-r2", 1, "full", 112), Map.of("lora-r2", Variant.lora(2), "full", Variant.full()));
        RunResult r = FakeRuns.run();
        vm.load(new RunRecord(1, new RunResult(r.plan(), r.environment(), r.classNames(), r.targetClasses(),
                r.finetuneSamples(), r.base(), r.variants(), r.seconds(), List.of(layer), null, null), LocalTime.NOON));

        assertEquals(List.of("lora-r2", "full"), vm.deltaW().spectrumRows().stream().map(SpectrumRow::variant).toList());
        assertEquals(List.of("1", "112"), vm.deltaW().spectrumRows().stream().map(SpectrumRow::energyRank90Text).toList());
        assertEquals("137.50", vm.deltaW().spectrumRows().get(1).effectiveRankText());
    }

    @Test
    void aSpectrumWithoutMeasuredEnergyRanksShowsADash() {
        assertEquals("—", new SpectrumRow("full", 3.0, 0, 1.0).energyRank90Text());
    }
}
