package dev.lorabench.app;

import dev.lorabench.plan.Variant;
import dev.lorabench.plan.PlanField;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.lorabench.app.form.DatasetChoice;
import dev.lorabench.app.form.ExperimentForm;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.data.FolderSets;
import dev.lorabench.interop.StateDicts;
import dev.lorabench.model.Architecture;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.report.SeriesColors;
import dev.lorabench.train.DataSource;
import dev.lorabench.train.Evaluation;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.train.LossPoint;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import java.awt.BasicStroke;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Image folder option without the toolkit: the form's split, size, colour and early-stopping
 * fields reach the plan, a real run on a tiny folder set draws dashed validation-loss series, and
 * a state dict made for another number of classes runs as the base with a new output layer.
 */
class ImageFolderRunTest {

    @TempDir
    Path temp;

    @Test
    void formFieldsReachThePlan() {
        ExperimentForm form = new ExperimentForm();
        form.datasetProperty().set(DatasetChoice.IMAGE_FOLDER);
        assertFalse(form.validProperty().get());
        assertEquals("dataset: choose a folder with one sub-folder of images per class", form.problemProperty().get());
        form.idxFolderProperty().set("/data/pets");
        form.trainFractionProperty().set("0.6");
        form.validationFractionProperty().set("0.25");
        form.imageSizeProperty().set("32");
        form.rgbProperty().set(true);
        form.earlyStoppingProperty().set("2");
        ExperimentPlan plan = form.plan();
        assertEquals("folder:/data/pets", plan.dataset().id());
        assertEquals(0.6, plan.dataset().folderOptions().trainFraction(), 1e-9);
        assertEquals(0.25, plan.dataset().folderOptions().validationFraction(), 1e-9);
        assertEquals(32, plan.dataset().folderOptions().imageSize());
        assertTrue(plan.dataset().folderOptions().rgb());
        assertEquals(2, plan.finetune().earlyStopping());
        assertEquals(DatasetChoice.IMAGE_FOLDER, DatasetChoice.of(plan.dataset()));

        form.validationFractionProperty().set("0.5");
        assertFalse(form.validProperty().get());
        assertTrue(form.errorProperty(PlanField.SPLIT).get().startsWith("split must"), form.errorProperty(PlanField.SPLIT).get());
        form.validationFractionProperty().set("0.2");
        form.imageSizeProperty().set("2");
        assertTrue(form.errorProperty(PlanField.IMAGE_SIZE).get().startsWith("image size"));

        ExperimentForm copy = new ExperimentForm();
        form.imageSizeProperty().set("32");
        java.util.Properties props = new java.util.Properties();
        form.save(props, "f.");
        copy.load(props, "f.");
        assertEquals(form.plan(), copy.plan());
    }

    @Test
    void aFolderRunDrawsValidationLossesDashedInTheVariantsColour() {
        WorkbenchViewModel vm = folderRunOnThreeDigits();
        ExperimentForm f = vm.form();
        f.finetuneEpochsProperty().set("2");
        runToTheEnd(vm);
        String validation = "lora-r1" + SeriesColors.VALIDATION_SUFFIX;
        assertTrue(vm.charts().seriesNames().contains(validation), vm.charts().seriesNames().toString());
        var dataset = vm.charts().lossChart().dataset();
        int i = dataset.getSeriesIndex(validation);
        assertEquals(2, dataset.getSeries(i).getItemCount(), "one validation loss per epoch");
        var renderer = vm.charts().lossChart().chart().getXYPlot().getRenderer();
        assertTrue(((BasicStroke) renderer.getSeriesStroke(i)).getDashArray() != null, "dashed");
        assertEquals(SeriesColors.of(Variant.lora(1)), renderer.getSeriesPaint(i));
        assertEquals("finished", vm.rows().get(1).status(), "the variant's row, after the base's");
        assertEquals(3, vm.analysis().gallery().classes().size());

        // What the run produced, against the folders (30 images in each of three) and the split.
        assertEquals(1, vm.history().size());
        RunResult r = vm.history().get(0).result();
        assertEquals(List.of("one", "seven", "zero"), r.classNames(), "classes named after the folders, sorted");
        assertEquals(List.copyOf(r.classNames()), List.copyOf(vm.analysis().gallery().classes()));
        // Per class: floor(30 × 0.6) = 18 train, floor(30 × 0.2) = 6 validation, the rest (6) test.
        int train = (int) Math.floor(PER_CLASS * 0.6);
        int test = PER_CLASS - train - (int) Math.floor(PER_CLASS * 0.2);
        Evaluation base = r.base().evaluation();
        assertEquals(List.of(test, test, test), base.classCounts());
        assertEquals(3 * test, base.samples());
        assertEquals(3 * test, r.artifacts().testImages().size());
        int[] perLabel = new int[3];
        for (int row = 0; row < r.artifacts().testImages().size(); row++) {
            perLabel[r.artifacts().testImages().label(row)]++;
        }
        assertArrayEquals(new int[] {test, test, test}, perLabel, "test images per class");
        // The fine-tune uses the training rows of its classes; 1 base epoch over all 3 × 18 rows.
        assertEquals(r.targetClasses().size() * train, r.finetuneSamples());
        assertEquals(ceilDiv(3 * train, 8), r.base().losses().size(), "base steps: one epoch of 54 rows at batch 8");
        VariantResult v = r.variants().get(0);
        assertEquals("lora-r1", v.spec().name());
        assertEquals(2 * ceilDiv(r.finetuneSamples(), 8), v.losses().size(), "two fine-tune epochs at batch 8");
        assertEquals(2, v.validationLosses().size(), "one validation loss per epoch");
        assertEquals(List.of(ceilDiv(r.finetuneSamples(), 8), 2 * ceilDiv(r.finetuneSamples(), 8)),
                v.validationLosses().stream().map(LossPoint::step).toList(), "measured at each epoch's last step");
        assertTrue(v.validationLosses().stream().allMatch(p -> Double.isFinite(p.loss()) && p.loss() > 0));
        // The chart's validation series is the result's, point for point.
        for (int k = 0; k < 2; k++) {
            assertEquals(v.validationLosses().get(k).step(), dataset.getSeries(i).getX(k).intValue());
            assertEquals(v.validationLosses().get(k).loss(), dataset.getSeries(i).getY(k).doubleValue(), 1e-12);
        }
        // Accuracies and class errors are counts read off each confusion matrix.
        for (Evaluation e : List.of(base, v.evaluation())) {
            int correct = 0;
            int total = 0;
            for (int t = 0; t < 3; t++) {
                int row = 0;
                for (int q = 0; q < 3; q++) {
                    row += e.confusion().get(t).get(q);
                }
                total += row;
                correct += e.confusion().get(t).get(t);
                assertEquals(row - e.confusion().get(t).get(t), e.classErrors().get(t));
            }
            assertEquals(3 * test, total);
            assertEquals((double) correct / total, e.accuracy(), 1e-12);
        }
    }

    private static final int PER_CLASS = 30;

    private static int ceilDiv(int n, int d) {
        return (n + d - 1) / d;
    }

    @Test
    void aStateDictForFiveClassesGetsANewHeadForThreeFolders() throws Exception {
        ModelSpec five = new ModelSpec(Architecture.MLP, 1, 28, 28, 5);
        Path weights = temp.resolve("mlp5.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(five);
            block.initialize(m, DataType.FLOAT32, five.batchShape(1));
            StateDicts.export(block, five, weights);
        }
        WorkbenchViewModel vm = folderRunOnThreeDigits();
        ExperimentForm f = vm.form();
        f.finetuneStepsProperty().set("2");
        f.loadBaseProperty().set(true);
        f.baseFileProperty().set(weights.toString());
        f.newHeadProperty().set(true);
        ExperimentPlan plan = f.plan();
        assertTrue(plan.base().newHead() && plan.base().epochs() == 1, String.valueOf(plan));
        runToTheEnd(vm);
        assertEquals("finished", vm.rows().get(1).status(), "the variant's row, after the base's");
        // The loaded base got a 3-way head and one epoch on the 3 × 18 training rows.
        RunResult r = vm.history().get(0).result();
        assertEquals(3, r.base().evaluation().classCounts().size());
        assertEquals(ceilDiv(3 * (int) Math.floor(PER_CLASS * 0.6), 8), r.base().losses().size());
        assertEquals(2, r.variants().get(0).losses().size(), "--finetune-steps 2");
    }

    /** A view-model on this thread, set for an MLP on three folders of digits with rank 1 only. */
    private WorkbenchViewModel folderRunOnThreeDigits() {
        Path root = FolderSets.write(temp.resolve("digits"), new int[] {0, 1, 7}, new String[] {"zero", "one", "seven"}, PER_CLASS);
        DatasetCache cache = new DatasetCache(temp.resolve("cache"));
        WorkbenchViewModel vm = new WorkbenchViewModel(new WorkbenchViewModel.Services(
                Runnable::run, Runnable::run, Runnable::run, cache, DataSource.cached(cache), a -> 1));
        ExperimentForm f = vm.form();
        f.datasetProperty().set(DatasetChoice.IMAGE_FOLDER);
        f.idxFolderProperty().set(root.toString());
        f.trainFractionProperty().set("0.6");
        f.validationFractionProperty().set("0.2");
        f.baseEpochsProperty().set("1");
        f.batchSizeProperty().set("8");
        FormPicks.onlyRankOne(f);
        return vm;
    }

    private static void runToTheEnd(WorkbenchViewModel vm) {
        assertTrue(vm.form().validProperty().get(), vm.form().problemProperty().get());
        assertTrue(vm.run());
        while (vm.runningProperty().get()) {
            vm.drain();
        }
        assertTrue(vm.statusProperty().get().startsWith("Finished"), vm.statusProperty().get());
    }
}
