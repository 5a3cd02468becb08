package dev.lorabench.app.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.CombinationType;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.interop.PeftFactors;
import dev.lorabench.train.AdapterAlgebraService;
import dev.lorabench.train.AlgebraRuns;
import dev.lorabench.train.AlgebraSources;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Adapter algebra tab's view-model on a real run (LoRA r = 2 and 4, DoRA r = 2): the sources,
 * which options each type uses, Combine filling the bars with the variant's own evaluation, the
 * strength slider re-evaluating (0 is the base; moves during an evaluation coalesce into one more),
 * one-line refusals, and the export read back as an added folder.
 */
class AlgebraViewModelTest {

    private static RunResult run;

    @TempDir Path tmp;

    /** Background work waits here until the test runs it; answers are delivered at once. */
    private final Deque<Runnable> queued = new ArrayDeque<>();
    private final AlgebraViewModel vm = new AlgebraViewModel(new TaskExecutor(queued::add, Runnable::run));

    @BeforeAll
    static void train() throws Exception {
        run = AlgebraRuns.shared();
    }

    private int drain() {
        int ran = 0;
        while (!queued.isEmpty()) {
            queued.poll().run();
            ran++;
        }
        return ran;
    }

    private AlgebraSourceRow row(String name) {
        return vm.sources().stream().filter(r -> r.label().equals(name)).findFirst().orElseThrow();
    }

    private Evaluation own(String name) {
        return run.variants().stream().filter(v -> v.spec().name().equals(name)).findFirst().orElseThrow().evaluation();
    }

    @Test
    void combineFillsTheBarsAndTheStrengthSliderMovesThem() {
        vm.load(new RunRecord(1, run, LocalTime.NOON));
        assertEquals(List.of("lora-r2", "dora-r2", "lora-r4"), vm.sources().stream().map(AlgebraSourceRow::label).toList());
        assertFalse(row("dora-r2").combinable());
        assertEquals(AlgebraSources.DORA, row("dora-r2").refusal());
        assertNull(vm.chartProperty().get());

        row("lora-r4").includedProperty().set(true);
        vm.typeProperty().set(CombinationType.LINEAR);
        vm.combine();
        assertTrue(vm.busyProperty().get());
        assertEquals(1, drain());
        assertFalse(vm.busyProperty().get());
        assertNotNull(vm.chartProperty().get());
        assertEquals(own("lora-r4").classErrors(), vm.resultProperty().get().evaluation().classErrors());
        Map<String, List<Integer>> bars = vm.errors();
        assertEquals(List.of("base", "lora-r4", "combined ×1.00"), List.copyOf(bars.keySet()));
        assertEquals(run.base().evaluation().classErrors(), bars.get("base"));

        // Strength 0: the base again.
        vm.strengthProperty().set(0);
        assertEquals(1, drain());
        assertEquals(run.base().evaluation().classErrors(), vm.resultProperty().get().evaluation().classErrors());
        assertEquals(run.base().evaluation().classErrors(), vm.errors().get("combined ×0.00"));

        // Moves during an evaluation coalesce: 0.5 starts, 1.5 and 2 wait, then only 2 runs.
        vm.strengthProperty().set(0.5);
        vm.strengthProperty().set(1.5);
        vm.strengthProperty().set(2);
        assertEquals(2, drain(), "0.5, then the latest position 2");
        assertEquals(2.0, vm.resultProperty().get().strength());
        assertTrue(vm.noteProperty().get().contains("strength 2.00"), vm.noteProperty().get());
    }

    @Test
    void eachTypeEnablesTheOptionsItUses() {
        vm.typeProperty().set(CombinationType.CAT);
        assertFalse(vm.densityUsed().get() || vm.svdUsed().get() || vm.electionUsed().get() || vm.seedUsed().get());
        vm.typeProperty().set(CombinationType.TIES);
        assertTrue(vm.densityUsed().get() && vm.electionUsed().get());
        assertFalse(vm.svdUsed().get() || vm.seedUsed().get());
        vm.typeProperty().set(CombinationType.DARE_LINEAR_SVD);
        assertTrue(vm.densityUsed().get() && vm.svdUsed().get() && vm.seedUsed().get());
        assertFalse(vm.electionUsed().get());
    }

    @Test
    void refusalsAreOneLine() throws Exception {
        vm.load(new RunRecord(1, run, LocalTime.NOON));
        vm.combine();
        assertEquals("Tick at least one adapter to combine", vm.noteProperty().get());
        row("lora-r2").includedProperty().set(true);
        row("lora-r4").includedProperty().set(true);
        vm.typeProperty().set(CombinationType.LINEAR);
        vm.combine();
        drain();
        assertTrue(vm.noteProperty().get().contains("needs adapters of one rank"), vm.noteProperty().get());
        assertNull(vm.resultProperty().get());

        Path other = tmp.resolve("other");
        LoraFactors f = new LoraFactors(Matrix.zeros(1, 3), Matrix.zeros(2, 1), 1);
        PeftFactors.save(other, AdapterFactors.of(Map.of("nowhere", f)),
                Map.of("nowhere", new PeftFactors.ModuleShape(new long[] {1, 3}, new long[] {2, 1})), Map.of());
        vm.addFolder(other);
        drain();
        assertTrue(vm.noteProperty().get().contains("nowhere is not adapted in this run"), vm.noteProperty().get());
        assertEquals(3, vm.sources().size());
    }

    @Test
    void theExportComesBackAsAnAddedFolder() throws Exception {
        vm.load(new RunRecord(1, run, LocalTime.NOON));
        row("lora-r2").includedProperty().set(true);
        row("lora-r4").includedProperty().set(true);
        row("lora-r4").weightProperty().set(-1);
        vm.typeProperty().set(CombinationType.CAT);
        vm.combine();
        drain();
        Evaluation combined = vm.resultProperty().get().evaluation();
        Path dir = tmp.resolve("combined");
        vm.exportAdapter(dir);
        drain();
        assertTrue(Files.isRegularFile(dir.resolve(AdapterAlgebraService.JSON)), vm.noteProperty().get());
        vm.addFolder(dir);
        drain();
        AlgebraSourceRow back = row("combined");
        assertTrue(back.includedProperty().get());
        assertEquals(combined.classErrors(), back.classErrors(), "the folder alone does what the combination did");
    }
}
