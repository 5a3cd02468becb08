package dev.lorabench.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.lorabench.data.DataException;
import dev.lorabench.model.Architecture;
import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.report.RunJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json's config read back into a plan: every field the record wrote comes back as it was. */
class RunPlanJsonTest {

    @TempDir Path tmp;

    @Test
    void aPlanComesBackFromItsRecord() throws Exception {
        ExperimentPlan plan = ExperimentPlan.builder().setModel(Architecture.MLP).setDataset("fashion-mnist")
                .setBaseEpochs(3).setBatchSize(16).setLr(2e-3f).setSeed(11).setTrainLimit(500).setTestLimit(120)
                .setFinetuneClasses(ClassSelection.of(List.of(3, 6))).setVariants("lora:2,rslora:8,dora:4,loraplus:4:8")
                .setAlpha(4f).setTargets("linear").setFinetuneSteps(7).setReplay(0.25).build();
        Path file = tmp.resolve("run.json");
        JsonObject root = new JsonObject();
        root.add("config", RunJson.config(plan));
        Files.writeString(file, root.toString());
        ExperimentPlan back = RunPlanJson.read(file);
        assertEquals(RunJson.config(plan), RunJson.config(back));
        assertEquals(plan.variants(), back.variants());
        assertEquals(plan.limits().test(), back.limits().test());
    }

    @Test
    void aFileWithoutConfigIsRefusedInOneLine() throws Exception {
        Path file = tmp.resolve("run.json");
        Files.writeString(file, "{\"variants\": []}");
        DataException e = assertThrows(DataException.class, () -> RunPlanJson.read(file));
        assertTrue(e.getMessage().endsWith("not a lorabench run record (no config)"), e.getMessage());
    }
}
