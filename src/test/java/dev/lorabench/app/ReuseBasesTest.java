package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.data.DatasetCache;
import dev.lorabench.train.BaseResult;
import dev.lorabench.train.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workbench's "Reuse cached bases" toggle (ADR 0025), on the view-model with direct executors. */
class ReuseBasesTest {

    @TempDir
    Path temp;

    private WorkbenchViewModel workbench() {
        DatasetCache cache = new DatasetCache(temp.resolve("cache"));
        WorkbenchViewModel vm = new WorkbenchViewModel(new WorkbenchViewModel.Services(
                Runnable::run, Runnable::run, Runnable::run, cache, DataSource.cached(cache), a -> 55));
        vm.start();
        // The 10→5 linear model on synthetic data: no dataset to fetch, a base in milliseconds.
        vm.applyPreset("toy-regression");
        vm.form().baseEpochsProperty().set("5");
        vm.form().finetuneEpochsProperty().set("1");
        return vm;
    }

    /** Runs the form's plan to the end (direct executors) and returns its base. */
    private static BaseResult run(WorkbenchViewModel vm) {
        assertTrue(vm.run(), vm.statusProperty()::get);
        vm.drain();
        assertFalse(vm.runningProperty().get(), vm.statusProperty()::get);
        return vm.selectedRunProperty().get().result().base();
    }

    @Test
    void aSecondRunTakesTheCachedBaseAndSaysSoUnlessUnticked() {
        WorkbenchViewModel vm = workbench();
        assertTrue(vm.reuseBasesProperty().get(), "on by default");

        BaseResult first = run(vm);
        assertFalse(first.fromCache());
        assertFalse(vm.statusProperty().get().contains("base from cache"), vm.statusProperty()::get);
        assertTrue(Files.isDirectory(temp.resolve("cache").resolve("bases").resolve(first.cacheKey())));

        BaseResult second = run(vm);
        assertTrue(second.fromCache());
        assertEquals(first.sha256(), second.sha256());
        assertTrue(vm.statusProperty().get().endsWith(", base from cache"), vm.statusProperty()::get);

        vm.reuseBasesProperty().set(false);
        BaseResult third = run(vm);
        assertFalse(third.fromCache());
        assertNull(third.cacheKey());
        assertEquals(first.sha256(), third.sha256());
        assertFalse(vm.statusProperty().get().contains("base from cache"), vm.statusProperty()::get);
    }

    @Test
    void aDamagedEntryIsTrainedAgainAndTheStatusLineWarns() throws Exception {
        WorkbenchViewModel vm = workbench();
        BaseResult first = run(vm);
        Path params = temp.resolve("cache").resolve("bases").resolve(first.cacheKey()).resolve("base.params");
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 1] ^= 1;
        Files.write(params, bytes);

        BaseResult again = run(vm);
        assertFalse(again.fromCache());
        assertEquals(first.sha256(), again.sha256());
        String status = vm.statusProperty().get();
        assertTrue(status.contains(" — warning: cached base " + first.cacheKey().substring(0, 12)), status);
        assertTrue(status.endsWith("training the base again"), status);
    }

    @Test
    void theChoiceIsSavedWithTheSettings() {
        WorkbenchViewModel vm = workbench();
        vm.reuseBasesProperty().set(false);
        Properties props = new Properties();
        vm.saveSettings(props);
        assertEquals("false", props.getProperty("run.reuseBases"));

        WorkbenchViewModel next = workbench();
        next.loadSettings(props);
        assertFalse(next.reuseBasesProperty().get());
        next.loadSettings(new Properties());
        assertTrue(next.reuseBasesProperty().get(), "no setting: on");
    }
}
