package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.DatasetState;
import dev.lorabench.model.Architecture;
import dev.lorabench.train.DataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view-model without the toolkit: direct executors, an empty cache, a stub counter. */
class WorkbenchViewModelTest {

    @TempDir
    Path temp;

    private final List<String> prompts = new ArrayList<>();
    private final List<Runnable> fetches = new ArrayList<>();
    private WorkbenchViewModel vm;

    @BeforeEach
    void create() {
        DatasetCache cache = new DatasetCache(temp.resolve("cache"));
        vm = new WorkbenchViewModel(new WorkbenchViewModel.Services(
                Runnable::run, Runnable::run, Runnable::run, cache, DataSource.cached(cache),
                a -> a == Architecture.MLP ? 2_807_010 : 42));
        vm.setPrompts(new UserPrompts() {
            @Override
            public void offerFetch(String dataset, String detail, Runnable fetch) {
                prompts.add("fetch " + dataset);
                fetches.add(fetch);
            }

            @Override
            public void showError(String title, String message) {
                prompts.add(title + ": " + message);
            }
        });
        vm.start();
    }

    @Test
    void startCountsParametersAndChecksTheCache() {
        assertEquals("2,807,010 parameters", vm.parameterCountProperty().get());
        assertEquals(DatasetState.MISSING, vm.dataset().stateProperty().get());
        assertTrue(vm.dataset().fetchableProperty().get());
        vm.form().architectureProperty().set(Architecture.VGG);
        assertEquals("42 parameters", vm.parameterCountProperty().get());
    }

    @Test
    void presetsFillThePanels() {
        vm.applyPreset("resnet-mnist");
        assertEquals(Architecture.RESNET, vm.form().architectureProperty().get());
        assertEquals("64", vm.form().batchSizeProperty().get());
        assertFalse(vm.form().worstClassProperty().get());
        assertTrue(vm.form().classProperty(3).get() && vm.form().classProperty(6).get() && vm.form().classProperty(8).get());
        assertFalse(vm.form().classProperty(0).get());
        assertTrue(vm.statusProperty().get().startsWith("Preset resnet-mnist"));

        vm.applyPreset("toy-regression");
        assertEquals(DatasetChoice.SYNTHETIC, vm.form().datasetProperty().get());
        assertEquals("50", vm.form().baseEpochsProperty().get());
        assertEquals("0.01", vm.form().lrProperty().get());
        assertTrue(vm.form().validProperty().get(), vm.form().problemProperty().get());
    }

    @Test
    void runRefusesAnInvalidPlan() {
        vm.form().lrProperty().set("-1");
        assertFalse(vm.canRunProperty().get());
        assertFalse(vm.run());
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Cannot run: lr must be positive"));
    }

    @Test
    void runWithAMissingDatasetOffersTheFetch() {
        assertFalse(vm.run());
        assertEquals(List.of("fetch MNIST"), prompts);
        assertFalse(vm.runningProperty().get());
        assertEquals(1, fetches.size());
    }

    @Test
    void aFailedRunIsReportedAndTheUiGoesIdle() {
        vm.form().datasetProperty().set(DatasetChoice.IDX_FOLDER);
        vm.form().idxFolderProperty().set(temp.resolve("no-such-folder").toString());
        // Direct executors: the run happens inside run(); its events wait for drain().
        assertTrue(vm.run());
        assertTrue(vm.runningProperty().get(), "running until the events are applied");
        assertTrue(vm.drain() > 0);
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Run failed: "), vm.statusProperty().get());
        assertTrue(vm.statusProperty().get().contains("missing train-images-idx3-ubyte"), vm.statusProperty().get());
        assertEquals(1, prompts.size());
        assertTrue(prompts.get(0).startsWith("Run failed: "));
        assertTrue(vm.history().isEmpty());
        assertTrue(vm.canRunProperty().get());
        assertEquals(0, vm.drain(), "nothing left");
    }

    @Test
    void aFetchThatFailsIsReportedAndLeavesTheDatasetMissing() throws Exception {
        // The test subset is not the real MNIST: its checksums do not match, so the cache refuses it.
        vm.dataset().fetch(Path.of("src/test/resources/mnist-small").toAbsolutePath()).get();
        assertFalse(vm.dataset().fetchingProperty().get());
        assertEquals(1, prompts.size(), prompts.toString());
        assertTrue(prompts.get(0).startsWith("Fetch failed: "), prompts.get(0));
        assertEquals(DatasetState.MISSING, vm.dataset().stateProperty().get());
        assertTrue(vm.dataset().fetchableProperty().get());
    }

    @Test
    void exportNeedsAFinishedRun() {
        assertFalse(vm.canExportProperty().get());
        assertTrue(vm.export(ExportKind.LOSS_PNG, temp.resolve("x.png")).isCompletedExceptionally());
        assertEquals("mlp-mnist-loss.png", vm.defaultFileName(ExportKind.LOSS_PNG));
        vm.applyPreset("vgg-mnist");
        assertEquals("vgg-mnist-class-errors.csv", vm.defaultFileName(ExportKind.CLASS_ERRORS_CSV));
    }

    @Test
    void chartOptionsAndPanelsAreRemembered() {
        vm.form().testLimitProperty().set("321");
        vm.smoothingProperty().set(0.8);
        vm.logScaleProperty().set(true);
        Properties props = new Properties();
        vm.saveSettings(props);
        assertEquals("321", props.getProperty("form.testLimit"));
        assertEquals("0.8", props.getProperty("chart.smoothing"));

        DatasetCache cache = new DatasetCache(temp.resolve("cache"));
        WorkbenchViewModel other = new WorkbenchViewModel(new WorkbenchViewModel.Services(
                Runnable::run, Runnable::run, Runnable::run, cache, DataSource.cached(cache), a -> 1));
        other.loadSettings(props);
        assertEquals("321", other.form().testLimitProperty().get());
        assertEquals(0.8, other.smoothingProperty().get(), 0);
        assertEquals(0.8, other.lossChart().smoothing(), 0);
        assertTrue(other.lossChart().isLogScale());
    }

    @Test
    void etaFormatting() {
        assertEquals("", WorkbenchViewModel.formatEta(Double.NaN));
        assertEquals("ETA 0:05", WorkbenchViewModel.formatEta(4.6));
        assertEquals("ETA 2:03", WorkbenchViewModel.formatEta(123));
    }
}
