package dev.lorabench.app.form;

import dev.lorabench.plan.PlanField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.model.Architecture;
import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.Presets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Plan building and validation from the panel fields; no toolkit. */
class ExperimentFormTest {

    @Test
    void defaultsBuildAPlan() {
        ExperimentForm form = new ExperimentForm();
        assertTrue(form.validProperty().get(), form.problemProperty().get());
        ExperimentPlan plan = form.plan();
        assertEquals(Architecture.MLP, plan.model());
        assertEquals("mnist", plan.dataset().id());
        assertEquals(List.of(1, 2, 3, 4), plan.adapters().ranks());
        assertTrue(plan.adapters().full());
        assertTrue(plan.finetune().classes().worst());
    }

    @Test
    void fieldsMapOntoThePlan() {
        ExperimentForm form = new ExperimentForm();
        form.datasetProperty().set(DatasetChoice.IDX_FOLDER);
        form.idxFolderProperty().set("/data/small");
        form.trainLimitProperty().set("300");
        form.testLimitProperty().set("100");
        form.batchSizeProperty().set("32");
        form.lrProperty().set("0.01");
        form.rankProperty(3).set(false);
        form.rankProperty(4).set(false);
        form.worstClassProperty().set(false);
        form.classProperty(3).set(true);
        form.classProperty(8).set(true);
        form.alphaProperty().set("2");
        form.rsLoraProperty().set(true);
        form.finetuneStepsProperty().set("5");
        form.seedProperty().set("7");
        form.seedsProperty().set("4");
        form.replayProperty().set("0.1");
        ExperimentPlan plan = form.plan();
        assertNotNull(plan, form.problemProperty().get());
        assertEquals("idx:/data/small", plan.dataset().id());
        assertEquals(300, plan.limits().train());
        assertEquals(100, plan.limits().test());
        assertEquals(32, plan.batchSize());
        assertEquals(0.01f, plan.lr());
        assertEquals(List.of(1, 2), plan.adapters().ranks());
        assertEquals(ClassSelection.of(List.of(3, 8)), plan.finetune().classes());
        assertEquals(2f, plan.adapters().alpha());
        assertTrue(plan.adapters().rsLora());
        assertEquals(5, plan.finetune().steps());
        assertEquals(7, plan.seed());
        assertEquals(4, plan.finetune().seeds());
        assertEquals(0.1, plan.finetune().replay(), 1e-12);
    }

    @Test
    void builderRejectionsMarkTheirField() {
        ExperimentForm form = new ExperimentForm();
        form.lrProperty().set("-1");
        assertFalse(form.validProperty().get());
        assertNull(form.plan());
        assertTrue(form.errorProperty(PlanField.LR).get().startsWith("lr must be positive"),
                form.errorProperty(PlanField.LR).get());
        assertEquals("", form.errorProperty(PlanField.BATCH_SIZE).get());
        assertEquals(form.errorProperty(PlanField.LR).get(), form.problemProperty().get());

        form.lrProperty().set("0.001");
        form.batchSizeProperty().set("0");
        assertEquals("", form.errorProperty(PlanField.LR).get());
        assertEquals("batch size must be at least 1 but was 0", form.errorProperty(PlanField.BATCH_SIZE).get());

        form.batchSizeProperty().set("ten");
        assertTrue(form.errorProperty(PlanField.BATCH_SIZE).get().contains("whole number"));

        form.batchSizeProperty().set("10");
        for (int r = 1; r <= 4; r++) {
            form.rankProperty(r).set(false);
        }
        form.fullProperty().set(false);
        assertEquals("select at least one rank or the full fine-tune", form.errorProperty(PlanField.RANKS).get());
        form.fullProperty().set(true);
        assertTrue(form.validProperty().get());

        form.replayProperty().set("1.5");
        assertTrue(form.errorProperty(PlanField.REPLAY).get().startsWith("replay must be in [0, 1]"));
        form.replayProperty().set("0");

        form.seedsProperty().set("21");
        assertEquals("seeds must be in 1..20 but was 21", form.errorProperty(PlanField.SEEDS).get());
        form.seedsProperty().set("0");
        assertEquals("seeds must be in 1..20 but was 0", form.errorProperty(PlanField.SEEDS).get());
        form.seedsProperty().set("1");
        assertEquals("", form.errorProperty(PlanField.SEEDS).get());

        form.worstClassProperty().set(false);
        assertFalse(form.errorProperty(PlanField.CLASSES).get().isEmpty());
        form.classProperty(5).set(true);
        assertTrue(form.validProperty().get());
    }

    @Test
    void loadingABaseNeedsAFileButNoEpochs() {
        ExperimentForm form = new ExperimentForm();
        form.loadBaseProperty().set(true);
        form.baseEpochsProperty().set("0");
        assertFalse(form.errorProperty(PlanField.BASE_FILE).get().isEmpty());
        form.baseFileProperty().set("/tmp/base.params");
        assertTrue(form.validProperty().get(), form.problemProperty().get());
        assertEquals(Path.of("/tmp/base.params"), form.plan().base().file());
        form.loadBaseProperty().set(false);
        assertFalse(form.errorProperty(PlanField.BASE_EPOCHS).get().isEmpty());
    }

    @Test
    void aNewHeadNeedsALoadedStateDictAndTrainsForTheBaseEpochs() {
        ExperimentForm form = new ExperimentForm();
        assertFalse(form.newHeadAvailableProperty().get(), "nothing loaded");
        assertTrue(form.baseEpochsApplyProperty().get());
        form.loadBaseProperty().set(true);
        form.newHeadProperty().set(true);
        form.baseFileProperty().set("/tmp/base.params");
        assertFalse(form.newHeadAvailableProperty().get(), "a base.params file always fits its model");
        assertFalse(form.baseEpochsApplyProperty().get());
        assertTrue(form.validProperty().get(), form.problemProperty().get());
        assertFalse(form.plan().base().newHead());
        assertEquals(0, form.plan().base().epochs(), "a loaded base is used as it is");

        form.baseFileProperty().set("/tmp/resnet5.SafeTensors");
        assertTrue(form.newHeadAvailableProperty().get());
        assertTrue(form.baseEpochsApplyProperty().get(), "the fresh head trains for the base epochs");
        ExperimentPlan plan = form.plan();
        assertNotNull(plan, form.problemProperty().get());
        assertTrue(plan.base().newHead());
        assertEquals(Path.of("/tmp/resnet5.SafeTensors"), plan.base().file());
        assertEquals(1, plan.base().epochs());
        form.baseEpochsProperty().set("3");
        assertEquals(3, form.plan().base().epochs());

        form.baseEpochsProperty().set("0");
        assertFalse(form.validProperty().get());
        assertEquals("base epochs must be at least 1 to train the new output layer but was 0",
                form.errorProperty(PlanField.BASE_EPOCHS).get());
        assertEquals(form.errorProperty(PlanField.BASE_EPOCHS).get(), form.problemProperty().get());
        form.baseEpochsProperty().set("two");
        assertEquals("base epochs must be a whole number but was 'two'", form.errorProperty(PlanField.BASE_EPOCHS).get());

        form.newHeadProperty().set(false);
        assertTrue(form.validProperty().get(), "without a new head the base epochs are not used");
        assertEquals(0, form.plan().base().epochs());
        assertFalse(form.plan().base().newHead());

        form.newHeadProperty().set(true);
        form.loadBaseProperty().set(false);
        form.baseEpochsProperty().set("2");
        assertFalse(form.newHeadAvailableProperty().get());
        assertTrue(form.validProperty().get(), form.problemProperty().get());
        assertFalse(form.plan().base().newHead(), "no loaded base, no new head");
        assertNull(form.plan().base().file());
        assertEquals(2, form.plan().base().epochs());
    }

    @Test
    void aNewHeadSurvivesFillSaveAndRestore() {
        ExperimentPlan expected = Presets.get("resnet-mnist")
                .optBaseFile(Path.of("/tmp/resnet5.safetensors")).setNewHead(true).setBaseEpochs(2).build();
        ExperimentForm form = new ExperimentForm();
        form.fill(expected);
        assertTrue(form.newHeadProperty().get());
        assertTrue(form.validProperty().get(), form.problemProperty().get());
        assertEquals(expected, form.plan());

        Properties props = new Properties();
        form.save(props, "form.");
        assertEquals("true", props.getProperty("form.newHead"));
        ExperimentForm restored = new ExperimentForm();
        restored.load(props, "form.");
        assertTrue(restored.newHeadProperty().get());
        assertEquals(expected, restored.plan());

        form.fill(Presets.get("resnet-mnist").build());
        assertFalse(form.newHeadProperty().get(), "a preset clears it");
    }

    @Test
    void linearModelAndSyntheticDataGoTogether() {
        ExperimentForm form = new ExperimentForm();
        form.architectureProperty().set(Architecture.LINEAR);
        assertEquals(DatasetChoice.SYNTHETIC, form.datasetProperty().get());
        assertTrue(form.validProperty().get(), form.problemProperty().get());
        form.datasetProperty().set(DatasetChoice.MNIST);
        assertEquals(Architecture.MLP, form.architectureProperty().get());
    }

    @Test
    void everyPresetFillsTheFormAndRebuildsTheSamePlan() {
        for (String name : Presets.names()) {
            ExperimentForm form = new ExperimentForm();
            form.trainLimitProperty().set("1234");
            ExperimentPlan expected = Presets.get(name).build();
            form.fill(expected);
            assertTrue(form.validProperty().get(), name + ": " + form.problemProperty().get());
            ExperimentPlan plan = form.plan();
            assertEquals(expected.toBuilder().setTrainLimit(1234).build(), plan, name);
        }
    }

    @Test
    void settingsRoundTrip() {
        ExperimentForm form = new ExperimentForm();
        form.fill(Presets.get("resnet-mnist").build());
        form.datasetProperty().set(DatasetChoice.FASHION_MNIST);
        form.testLimitProperty().set("500");
        form.rankProperty(2).set(false);
        form.lrProperty().set("-3"); // invalid values are remembered as typed
        Properties props = new Properties();
        form.save(props, "form.");

        ExperimentForm restored = new ExperimentForm();
        restored.load(props, "form.");
        Properties again = new Properties();
        restored.save(again, "form.");
        assertEquals(props, again);
        assertEquals(Architecture.RESNET, restored.architectureProperty().get());
        assertEquals(DatasetChoice.FASHION_MNIST, restored.datasetProperty().get());
        assertFalse(restored.rankProperty(2).get());
        assertFalse(restored.validProperty().get());
    }

    @Test
    void listedVariantsReplaceTheRankChoicesAndABadOneMarksItsField() {
        ExperimentForm form = new ExperimentForm();
        form.variantsProperty().set("loraplus:4:8, rslora:2 ,full");
        assertEquals("", form.problemProperty().get());
        assertEquals(List.of("rslora-r2", "loraplus-r4-l8", "full"),
                form.plan().variants().stream().map(dev.lorabench.plan.Variant::name).toList());
        form.variantsProperty().set("dora:4:2");
        assertFalse(form.validProperty().get());
        assertEquals("variant must be dora:RANK (only loraplus takes an option, its λ) but was 'dora:4:2'",
                form.errorProperty(PlanField.VARIANTS).get());
        form.variantsProperty().set("");
        assertEquals(List.of("lora-r1", "lora-r2", "lora-r3", "lora-r4", "full"),
                form.plan().variants().stream().map(dev.lorabench.plan.Variant::name).toList());
    }

    /** Settings saved before --variants existed (no {@code variants} key) load as they did. */
    @Test
    void settingsSavedBeforeVariantsExistedStillLoad() {
        Properties old = new Properties();
        old.setProperty("form.ranks", "1,8");
        old.setProperty("form.full", "false");
        old.setProperty("form.rsLora", "true");
        ExperimentForm form = new ExperimentForm();
        form.load(old, "form.");
        assertEquals("", form.problemProperty().get());
        assertEquals(List.of("rslora-r1", "rslora-r8"),
                form.plan().variants().stream().map(dev.lorabench.plan.Variant::name).toList());
    }

    @Test
    void loadingEmptyPropertiesKeepsDefaults() {
        ExperimentForm form = new ExperimentForm();
        form.load(new Properties(), "form.");
        assertTrue(form.validProperty().get());
        assertEquals("all", form.targetsProperty().get());
    }

    /** The run's layer checks in the form: the MLP's targeted layers are 0, 2 and 4 (2000→10). */
    @Test
    void layerPatternsAreCheckedAgainstTheModelsLayersAsTheRunDoes() {
        ExperimentForm form = new ExperimentForm();
        form.rankPatternProperty().set("1=4");
        assertEquals("rank pattern names layer 1, which targets all do not select in the mlp model;"
                + " its targeted layers are 0, 2, 4", form.errorProperty(PlanField.RANK_PATTERN).get());
        assertFalse(form.validProperty().get());
        form.rankPatternProperty().set("4=11");
        assertEquals("rank pattern's rank of layer 4 must be in 1..10 but was 11",
                form.errorProperty(PlanField.RANK_PATTERN).get());
        form.rankPatternProperty().set("4=10");
        assertTrue(form.validProperty().get(), form.problemProperty().get());
        form.alphaPatternProperty().set("3=2");
        assertTrue(form.errorProperty(PlanField.ALPHA_PATTERN).get().startsWith("alpha pattern names layer 3"),
                form.errorProperty(PlanField.ALPHA_PATTERN).get());
    }
}
