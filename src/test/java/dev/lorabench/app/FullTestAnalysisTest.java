package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.TruncationCurve;
import dev.lorabench.app.form.DatasetChoice;
import dev.lorabench.app.form.ExperimentForm;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.MnistSmall;
import dev.lorabench.data.TrainTest;
import dev.lorabench.train.DataSource;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ranks panel's "on the whole test set" toggle, on the view-model with direct executors: the
 * run option {@code run --full-test-analysis} sets, off by default, kept with the settings.
 */
class FullTestAnalysisTest {

    /** More test rows than the analysis subset: the committed MNIST subset's 500 test images five times over. */
    private static final int TEST_ROWS = 2500;

    @TempDir
    Path temp;

    private WorkbenchViewModel workbench() {
        DatasetCache cache = new DatasetCache(temp.resolve("cache"));
        DataSource larger = dataset -> {
            TrainTest small = MnistSmall.load();
            return new TrainTest(small.train(),
                    small.test().select(IntStream.range(0, TEST_ROWS).map(i -> i % MnistSmall.TEST_SIZE).toArray()));
        };
        WorkbenchViewModel vm = new WorkbenchViewModel(new WorkbenchViewModel.Services(
                Runnable::run, Runnable::run, Runnable::run, cache, larger, a -> 1));
        vm.start();
        return vm;
    }

    @Test
    void offByDefaultAndKeptWithTheSettings() {
        WorkbenchViewModel vm = workbench();
        assertFalse(vm.runSettings().fullTestAnalysisProperty().get());
        assertFalse(vm.runSettings().options().fullTestAnalysis());
        vm.runSettings().fullTestAnalysisProperty().set(true);
        assertTrue(vm.runSettings().options().fullTestAnalysis());
        assertTrue(vm.runSettings().options().baseCache(), "the other run option untouched");
        Properties props = new Properties();
        vm.saveSettings(props);
        assertEquals("true", props.getProperty("run.fullTestAnalysis"));

        WorkbenchViewModel next = workbench();
        next.loadSettings(props);
        assertTrue(next.runSettings().fullTestAnalysisProperty().get());
        next.loadSettings(new Properties());
        assertFalse(next.runSettings().fullTestAnalysisProperty().get(), "no setting: off");
    }

    /**
     * Ticked, the truncation curve of a run over 2,500 test rows is measured on all of them, where
     * the default takes a subset of 2,000 (run.json's truncation.rows and testRows).
     */
    @Test
    @org.junit.jupiter.api.Tag("slow") // a whole run; the toggle's binding is FullTestAnalysisBoxTest's
    void tickedTheRunsAnalysisTakesTheWholeTestSet() {
        WorkbenchViewModel vm = workbench();
        ExperimentForm f = vm.form();
        f.datasetProperty().set(DatasetChoice.IDX_FOLDER);
        f.idxFolderProperty().set(MnistSmall.dir().toString());
        f.trainLimitProperty().set("200");
        f.batchSizeProperty().set("50");
        f.baseEpochsProperty().set("1");
        f.finetuneStepsProperty().set("1");
        FormPicks.onlyRankOne(f);
        f.fullProperty().set(true); // the truncation curve cuts the full fine-tune's ΔW
        assertTrue(f.validProperty().get(), f.problemProperty().get());
        vm.runSettings().fullTestAnalysisProperty().set(true);

        assertTrue(vm.run(), vm.statusProperty()::get);
        vm.drain();
        assertFalse(vm.runningProperty().get(), vm.statusProperty()::get);
        TruncationCurve curve = vm.selectedRunProperty().get().result().truncation();
        assertEquals(TEST_ROWS, curve.testRows());
        assertEquals(TEST_ROWS, curve.rows());
        assertFalse(curve.onSubset());
    }
}
