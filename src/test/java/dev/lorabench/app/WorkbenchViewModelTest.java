package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.app.form.DatasetChoice;
import dev.lorabench.app.form.DatasetViewModel;
import dev.lorabench.app.form.ExperimentForm;
import dev.lorabench.app.run.ExportKind;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.data.DataException;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.DatasetState;
import dev.lorabench.data.DatasetStatus;
import dev.lorabench.data.MnistSmall;
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
    private final List<Runnable> declines = new ArrayList<>();
    private WorkbenchViewModel vm;

    @BeforeEach
    void create() {
        DatasetCache cache = new DatasetCache(temp.resolve("cache"));
        vm = new WorkbenchViewModel(new WorkbenchViewModel.Services(
                Runnable::run, Runnable::run, Runnable::run, cache, DataSource.cached(cache),
                a -> a == Architecture.MLP ? 2_807_010 : 42));
        vm.setPrompts(recorder());
        vm.start();
    }

    /** Records every prompt; the offered fetches wait in {@link #fetches} for the test to accept. */
    private UserPrompts recorder() {
        return new UserPrompts() {
            @Override
            public void offerFetch(String dataset, String detail, Runnable fetch) {
                prompts.add("fetch " + dataset);
                fetches.add(fetch);
            }

            @Override
            public void offerFetch(String dataset, String detail, Runnable fetch, Runnable declined) {
                offerFetch(dataset, detail, fetch);
                declines.add(declined);
            }

            @Override
            public void showError(String title, String message) {
                prompts.add(title + ": " + message);
            }
        };
    }

    @Test
    void startCountsParametersAndChecksTheCache() {
        assertEquals("2,807,010 parameters", vm.parameters().textProperty().get());
        assertEquals(DatasetState.MISSING, vm.dataset().stateProperty().get());
        assertTrue(vm.dataset().fetchableProperty().get());
        vm.form().architectureProperty().set(Architecture.VGG);
        assertEquals("42 parameters", vm.parameters().textProperty().get());
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
    void aFetchAcceptedAtRunStartsTheRunOnceTheDataIsCached() {
        List<String> fetched = new ArrayList<>();
        // The stand-in fetch reports MNIST cached; the data source gives the real MNIST subset for it.
        WorkbenchViewModel fetching = smallMnistRun((spec, from, progress) -> {
            fetched.add(spec.id() + " from " + from);
            return new DatasetStatus(spec, DatasetState.CACHED, temp.resolve("cache"), "4 files, verified");
        });
        assertFalse(fetching.run());
        assertEquals(List.of("fetch MNIST"), prompts);
        assertFalse(fetching.runningProperty().get());

        fetches.get(0).run();
        assertEquals(List.of("mnist from null"), fetched);
        assertEquals(DatasetState.CACHED, fetching.dataset().stateProperty().get());
        assertTrue(fetching.runningProperty().get(), "the run started after the fetch");
        assertTrue(fetching.statusProperty().get().startsWith("Starting "), fetching.statusProperty().get());
        while (fetching.runningProperty().get()) {
            fetching.drain();
        }
        assertTrue(fetching.statusProperty().get().startsWith("Finished "), fetching.statusProperty().get());
        assertEquals(1, fetching.history().size());
        var result = fetching.history().get(0).result();
        assertEquals("mnist", result.plan().dataset().id());
        assertEquals(List.of("lora-r1"), result.variants().stream().map(v -> v.spec().name()).toList());
    }

    @Test
    void theVariantsFieldTrainsRanksUpTo64AndEveryMethodSideBySideInOneLockstepRun() {
        WorkbenchViewModel window = smallMnistRun((spec, from, progress) ->
                new DatasetStatus(spec, DatasetState.CACHED, temp.resolve("cache"), "4 files, verified"));
        // r = 64 on the hidden layers; the 2000→10 output layer holds at most 10, so it is patterned to 8.
        window.form().variantsProperty().set("lora:1,lora:64,rslora:64,dora:4,pissa:4,olora:4,loraplus:4,full");
        window.form().rankPatternProperty().set("4=8");
        window.form().finetuneStepsProperty().set("3");
        assertTrue(window.form().validProperty().get(), window.form().problemProperty().get());
        assertFalse(window.run());
        fetches.get(0).run();
        while (window.runningProperty().get()) {
            window.drain();
        }
        assertTrue(window.statusProperty().get().startsWith("Finished "), window.statusProperty().get());
        var result = window.history().get(0).result();
        assertEquals(dev.lorabench.plan.Schedule.LOCKSTEP, result.plan().schedule());
        // In Variant.ORDER: by rank, then method, the full fine-tune last.
        assertEquals(List.of("lora-r1", "dora-r4", "pissa-r4", "olora-r4", "loraplus-r4", "lora-r64", "rslora-r64", "full"),
                result.variants().stream().map(v -> v.spec().name()).toList());
        int steps = result.variants().get(0).losses().size();
        assertTrue(steps >= 1);
        for (var v : result.variants()) {
            assertEquals(steps, v.losses().size(), v.spec().name() + " took the same steps on the same batches");
            assertFalse(v.diverged(), v.spec().name());
        }
        assertTrue(window.charts().seriesNames().containsAll(List.of("dora-r4", "pissa-r4", "loraplus-r4")),
                "the loss chart shows every method: " + window.charts().seriesNames());
    }

    @Test
    void aFetchThatFailsAtRunSaysWhyAndStartsNothing() {
        // A real fetch from the test subset: its checksums are not MNIST's, so the cache refuses it.
        DatasetCache cache = new DatasetCache(temp.resolve("cache"));
        WorkbenchViewModel fetching = smallMnistRun((spec, from, progress) -> cache.fetch(spec, MnistSmall.dir(), progress));
        assertFalse(fetching.run());
        fetches.get(0).run();
        assertFalse(fetching.runningProperty().get());
        assertTrue(fetching.history().isEmpty());
        String status = fetching.statusProperty().get();
        assertTrue(status.startsWith("Run not started: fetching MNIST failed: "), status);
        assertTrue(status.contains("SHA-256 mismatch"), status);
        assertEquals(DatasetState.MISSING, fetching.dataset().stateProperty().get());
        assertTrue(prompts.get(1).startsWith("Fetch failed: "), prompts.toString());
    }

    @Test
    void aFetchDeclinedAtRunSaysTheRunDidNotStart() {
        List<String> fetched = new ArrayList<>();
        WorkbenchViewModel declining = smallMnistRun((spec, from, progress) -> {
            fetched.add(spec.id());
            throw new DataException("not asked for");
        });
        assertFalse(declining.run());
        assertEquals(1, declines.size(), "the prompt is told what to do on No");
        declines.get(0).run();
        assertEquals("Run not started: MNIST is not in the cache", declining.statusProperty().get());
        assertFalse(declining.runningProperty().get());
        assertTrue(fetched.isEmpty(), "nothing fetched");
    }

    /** A view-model on this thread with MNIST missing from its cache and a run small enough to finish here. */
    private WorkbenchViewModel smallMnistRun(DatasetViewModel.Fetcher fetcher) {
        DatasetCache cache = new DatasetCache(temp.resolve("cache"));
        DataSource subset = dataset -> {
            if (!dataset.equals("mnist")) {
                throw new DataException("only mnist here, not " + dataset);
            }
            return MnistSmall.load();
        };
        WorkbenchViewModel small = new WorkbenchViewModel(new WorkbenchViewModel.Services(
                Runnable::run, Runnable::run, Runnable::run, cache, subset, a -> 1, fetcher));
        small.setPrompts(recorder());
        small.start();
        ExperimentForm f = small.form();
        f.trainLimitProperty().set("200");
        f.testLimitProperty().set("50");
        f.batchSizeProperty().set("50");
        f.baseEpochsProperty().set("1");
        f.finetuneStepsProperty().set("1");
        FormPicks.onlyRankOne(f);
        assertTrue(f.validProperty().get(), f.problemProperty().get());
        assertEquals(DatasetState.MISSING, small.dataset().stateProperty().get());
        return small;
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
    void anExportWhereNothingCanBeWrittenSaysWhy() {
        vm.selectedRunProperty().set(new RunRecord(1, FakeRuns.run(), java.time.LocalTime.NOON));
        Path target = Path.of("/proc/lorabench-never/losses.csv");
        assertTrue(vm.export(ExportKind.LOSSES_CSV, target).isCompletedExceptionally());
        String expected = "cannot write to " + target + ": cannot create folder /proc/lorabench-never (no such file or directory)";
        assertEquals("Export failed: " + expected, vm.statusProperty().get());
        assertEquals(List.of("Export failed: " + expected), prompts);
    }

    @Test
    void chartOptionsAndPanelsAreRemembered() {
        vm.form().testLimitProperty().set("321");
        vm.charts().smoothingProperty().set(0.8);
        vm.charts().logScaleProperty().set(true);
        Properties props = new Properties();
        vm.saveSettings(props);
        assertEquals("321", props.getProperty("form.testLimit"));
        assertEquals("0.8", props.getProperty("chart.smoothing"));

        DatasetCache cache = new DatasetCache(temp.resolve("cache"));
        WorkbenchViewModel other = new WorkbenchViewModel(new WorkbenchViewModel.Services(
                Runnable::run, Runnable::run, Runnable::run, cache, DataSource.cached(cache), a -> 1));
        other.loadSettings(props);
        assertEquals("321", other.form().testLimitProperty().get());
        assertEquals(0.8, other.charts().smoothingProperty().get(), 0);
        assertEquals(0.8, other.charts().lossChart().smoothing(), 0);
        assertTrue(other.charts().lossChart().isLogScale());
    }

    @Test
    void etaFormatting() {
        assertEquals("", StatusLines.formatEta(Double.NaN));
        assertEquals("ETA 0:05", StatusLines.formatEta(4.6));
        assertEquals("ETA 2:03", StatusLines.formatEta(123));
    }
}
