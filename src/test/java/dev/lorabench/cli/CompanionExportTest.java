package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.data.MnistSmall;
import dev.lorabench.interop.PeftAdapters;
import dev.lorabench.interop.PeftFactors;
import dev.lorabench.model.Architecture;
import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.train.ExperimentRunner;
import dev.lorabench.train.RunArtifacts;
import dev.lorabench.train.RunInspector;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.TaskPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code run --save-adapters} on a run with companion classes (ADR 0029), on the committed MNIST
 * subset: each plain LoRA variant's companion adapter comes out as {@code
 * adapters/<variant>-companion/}, and read back by the PEFT reader it is the companion adapter the
 * run holds, factor for factor, and evaluates on the base as the run's task pair measured it.
 */
class CompanionExportTest extends IsolatedCacheTest {

    @Test
    void eachCompanionAdapterIsExportedBesideItsVariant() throws Exception {
        // One plain LoRA variant (a companion) and DoRA (none: its magnitude does not add up).
        ExperimentPlan plan = ExperimentPlan.builder().setModel(Architecture.MLP).setDataset("mnist")
                .setBaseEpochs(1).setBatchSize(32).setLr(1e-2f).setTrainLimit(300).setTestLimit(100)
                .setFinetuneClasses(ClassSelection.of(List.of(3, 6, 8)))
                .optCompanionClasses(ClassSelection.of(List.of(1, 7)))
                .setFinetuneEpochs(5).setFinetuneSteps(4).setVariants("lora:2,dora:1").setTargets("linear").build();
        assertEquals(List.of("dora-r1", "lora-r2", "lora-r2-companion"), RunExports.folders(plan),
                "the folders the run checks before any work");

        RunResult result = new ExperimentRunner(dataset -> MnistSmall.load())
                .run(plan, event -> { }, new AtomicBoolean());
        RunArtifacts run = result.artifacts();
        LoraVariant lora = run.loraVariant("lora-r2");
        Path out = tmp.resolve("run");
        List<String> written = new RunExports(out, true, false).write(run);
        assertEquals(List.of("base.safetensors", "adapters/dora-r1/", "adapters/lora-r2/",
                "adapters/lora-r2-companion/", "check/"), written);
        assertFalse(Files.exists(out.resolve("adapters/dora-r1-companion")));

        Path folder = out.resolve("adapters/lora-r2-companion");
        AdapterFactors read = PeftFactors.read(folder).factors();
        AdapterFactors held = RunInspector.companionOf(run, lora);
        assertEquals(held.layers().keySet(), read.layers().keySet());
        for (String module : held.layers().keySet()) {
            LoraFactors h = held.layers().get(module);
            LoraFactors r = read.layers().get(module);
            assertArrayEquals(h.a().toFloats(), r.a().toFloats(), "A of " + module);
            assertArrayEquals(h.b().toFloats(), r.b().toFloats(), "B of " + module);
            assertEquals(h.scale(), r.scale(), 1e-9, "scale of " + module);
        }
        // Not the variant's own adapter under another name: the two tasks train different factors.
        AdapterFactors own = PeftFactors.read(out.resolve("adapters/lora-r2")).factors();
        String first = held.layers().keySet().iterator().next();
        assertNotEquals(0.0, own.layers().get(first).b().maxAbsDifference(read.layers().get(first).b()));
        assertEquals("1,7", PeftAdapters.readConfig(folder).lorabench().get("companion"));

        // The folder on the run's base gives the errors the task pair measured on the live model.
        TaskPair.Member b = result.taskPair().variants().get(0).members().stream()
                .filter(m -> m.name().equals("B")).findFirst().orElseThrow();
        assertEquals(b.evaluation().classErrors(), RunInspector.evaluateAdapterFolder(run, folder).classErrors());
    }
}
