package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.IntegrityCertificate;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.TensorCheck;
import dev.lorabench.analysis.TruncationCurve;
import dev.lorabench.app.analysis.AnalysisExport;
import dev.lorabench.app.analysis.AnalysisViewModel;
import dev.lorabench.app.analysis.GainRow;
import dev.lorabench.app.analysis.IntegrityBadge;
import dev.lorabench.app.analysis.SpectrumRow;
import dev.lorabench.app.run.ClassErrorChartModel;
import dev.lorabench.app.run.LossChartModel;
import dev.lorabench.app.run.RunMonitor;
import dev.lorabench.app.run.RunRecord;
import dev.lorabench.app.support.TaskExecutor;
import dev.lorabench.app.support.UserPrompts;
import dev.lorabench.report.AnalysisCharts;
import dev.lorabench.train.LossPoint;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.TrainingEvent;
import dev.lorabench.train.VariantResult;
import dev.lorabench.plan.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis view-model on hand-made results, without the toolkit or the engine. */
class AnalysisViewModelTest {

    @TempDir
    Path temp;

    private final List<String> errors = new ArrayList<>();
    private final ObservableList<RunRecord> history = FXCollections.observableArrayList();
    private final ClassErrorChartModel bars = new ClassErrorChartModel();
    private final AnalysisViewModel vm = new AnalysisViewModel(new TaskExecutor(Runnable::run, Runnable::run), bars, history, () -> new UserPrompts() {
        @Override
        public void offerFetch(String dataset, String detail, Runnable fetch) {}

        @Override
        public void showError(String title, String message) {
            errors.add(title + ": " + message);
        }
    });

    private static LayerSpectra spectra(String path) {
        return new LayerSpectra(path, 4, 3, new double[] {3, 2, 1},
                Map.of("lora-r1", new double[] {0.5}, "full", new double[] {0.7, 0.1, 0}),
                Map.of("lora-r1", 1.0, "full", 1.4), Map.of("lora-r1", 6.5, "full", 3.2),
                List.of("lora-r1", "full"), new double[][] {{1, 0.4}, {0.4, 1}}, Map.of(), Map.of());
    }

    private static RunResult withAnalysis(RunResult r) {
        return new RunResult(r.plan(), r.environment(), r.classNames(), r.targetClasses(), r.finetuneSamples(), r.base(),
                r.variants(), r.seconds(), List.of(spectra("0"), spectra("2")),
                new TruncationCurve(List.of(1, 2, 4), List.of(0.8, 0.85, 0.9), "accuracy", 0.91, 200, 200), null);
    }

    @Test
    void badgesAreGreenForAnUntouchedBaseAndRedWithTheChangedTensors() {
        List<TensorCheck> same = List.of(
                new TensorCheck("01Conv2d_weight", "weight", 54, "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", 0),
                new TensorCheck("02BatchNorm_runningMean", "running_mean", 6, "bbbbbbbbbbbbbb", "bbbbbbbbbbbbbb", 0));
        VariantResult lora = new VariantResult(Variant.lora(1), 1f, 10, Map.of(), List.of(), FakeRuns.classification(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                "sha", true, 1, new IntegrityCertificate(same, 3.1e-7, true), 0, List.of(), 0);
        IntegrityBadge ok = IntegrityBadge.of(lora);
        assertTrue(ok.ok());
        assertEquals("base unchanged ✓ (2 tensors, SHA-256 identical)", ok.headline());
        assertEquals("merged vs unmerged: max |Δ output| 3.10e-07 · unmerge restores base ✓", ok.detail());
        assertEquals("running_mean", ok.tensors().get(1).kind());
        assertEquals("aaaaaaaaaaaa…", IntegrityBadge.shortSha("aaaaaaaaaaaaaaaa"));

        List<TensorCheck> changed = List.of(same.get(0),
                new TensorCheck("02BatchNorm_runningMean", "running_mean", 6, "bbbb", "cccc", 0.25));
        VariantResult full = new VariantResult(Variant.full(), 1f, 10, Map.of(), List.of(), FakeRuns.classification(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                "sha", false, 1, new IntegrityCertificate(changed, Double.NaN, false), 7, List.of(), 0);
        IntegrityBadge bad = IntegrityBadge.of(full);
        assertFalse(bad.ok());
        assertEquals("✗ 1 tensors changed, max |Δ| 0.250", bad.headline());
        assertTrue(bad.detail().contains("by design") && bad.detail().endsWith("diverged at step 7"), bad.detail());
    }

    @Test
    void loadFillsEveryTabAndGainForgettingFollowsTheHistory() throws Exception {
        RunRecord record = new RunRecord(1, withAnalysis(FakeRuns.run()), LocalTime.NOON);
        history.add(record);
        vm.load(record);

        assertEquals(List.of("lora-r1", "lora-r2", "full"), vm.integrity().badges().stream().map(IntegrityBadge::variant).toList());
        assertEquals(List.of(true, true, false), vm.integrity().badges().stream().map(IntegrityBadge::ok).toList());
        assertEquals("lora-r1", vm.integrity().variantProperty().get());
        assertTrue(vm.adapters().variants().isEmpty(), "no artifacts: nothing to re-evaluate");

        assertEquals(List.of("0", "2"), vm.deltaW().layers());
        assertEquals("0", vm.deltaW().layerProperty().get());
        assertEquals(4, AnalysisCharts.heatMapCells(vm.deltaW().similarityChartProperty().get()));
        assertEquals(List.of("lora-r1", "full"), vm.deltaW().spectrumRows().stream().map(SpectrumRow::variant).toList());
        assertEquals("6.50×", vm.deltaW().spectrumRows().get(0).amplificationText());
        assertNotNull(vm.deltaW().spectrumChartProperty().get());
        assertNotNull(vm.deltaW().truncationChartProperty().get());

        // Base: 5 errors on the target class 3. lora-r1: 2 there; lora-r2: 1 there, +1 on 9; full: 0, +2 elsewhere.
        assertEquals(List.of(3, 4, 5), vm.gain().rows().stream().map(GainRow::gain).toList());
        assertEquals(List.of(0, 1, 18), vm.gain().rows().stream().map(GainRow::forgetting).toList());
        assertNotNull(vm.gain().chartProperty().get());
        assertEquals(3, vm.gain().historyRows().size());
        history.add(new RunRecord(2, FakeRuns.run(), LocalTime.NOON));
        assertEquals(6, vm.gain().historyRows().size());
        assertEquals(2, vm.gain().historyRows().get(5).run());

        assertEquals(List.of("base", "lora-r1", "lora-r2", "full"), vm.gallery().variants());
        assertEquals(3, vm.gallery().classProperty().get(), "the base's worst class");
        assertTrue(vm.gallery().showBar("lora-r2", "9"));
        assertEquals("lora-r2", vm.gallery().variantProperty().get());
        assertEquals(9, vm.gallery().classProperty().get());
        assertFalse(vm.gallery().showBar("lora-r9", "9"));

        assertTrue(vm.primer().layers().isEmpty());
        assertEquals("This run kept no base weights to factorise", vm.primer().shapeProperty().get());

        Path csv = temp.resolve("similarity.csv");
        vm.exports().export(AnalysisExport.SIMILARITY_CSV, csv).get();
        assertEquals("variant,lora-r1,full\nlora-r1,1.0000000,0.40000000\nfull,0.40000000,1.0000000\n", Files.readString(csv));
        Path truncation = temp.resolve("truncation.csv");
        vm.exports().export(AnalysisExport.TRUNCATION_CSV, truncation).get();
        assertEquals("k,accuracy,full", Files.readAllLines(truncation).get(0));
        assertEquals(record.stem() + "-layer0-spectrum.png", vm.exports().defaultFileName(AnalysisExport.SPECTRUM_PNG));
        Path gain = temp.resolve("gain.csv");
        vm.exports().export(AnalysisExport.GAIN_CSV, gain).get();
        assertTrue(Files.readAllLines(gain).get(1).startsWith("lora-r1,0,0,0,-3,"), Files.readString(gain));

        // Without a primer the export fails with a message and a dialog.
        assertTrue(vm.exports().export(AnalysisExport.PRIMER_CSV, temp.resolve("p.csv")).isCompletedExceptionally());
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("no SVD primer"), errors.toString());

        vm.load(null);
        assertTrue(vm.integrity().badges().isEmpty());
        assertNull(vm.gain().chartProperty().get());
        assertTrue(vm.deltaW().layers().isEmpty());
    }

    @Test
    void divergedVariantsAndValidationLossesReachTheLiveChart() {
        LossChartModel loss = new LossChartModel("t");
        RunMonitor monitor = new RunMonitor(new LossChartModel(dev.lorabench.app.run.LossPhase.BASE, "b"), loss, bars, 0);
        monitor.apply(List.of(
                new TrainingEvent.StepLoss("lora-r2", 1, 1, 1.0),
                new TrainingEvent.VariantDiverged("lora-r2", 2, Double.NaN),
                new TrainingEvent.ValidationLoss("lora-r1", 10, 1, 0.4)));
        assertEquals(Map.of("lora-r2", "diverged at step 2"), monitor.notes());
        assertEquals(List.of("lora-r2", "lora-r1 (validation)"), monitor.series());
        assertEquals(1, loss.pointCount("lora-r1 (validation)"));

        VariantResult v = new VariantResult(Variant.lora(1), 1f, 10, Map.of(), FakeRuns.losses(3, 1), FakeRuns.classification(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                "sha", true, 1, new IntegrityCertificate(List.of(), Double.NaN, true), 0,
                List.of(new LossPoint(3, 0.5)), 0);
        RunResult r = FakeRuns.run();
        RunRecord record = new RunRecord(1, new RunResult(r.plan(), r.environment(), r.classNames(), r.targetClasses(),
                r.finetuneSamples(), r.base(), List.of(v), 1, List.of(), null, null), LocalTime.NOON);
        assertEquals(List.of("base", "lora-r1", "lora-r1 (validation)"), List.copyOf(record.curves().keySet()));
    }

    @Test
    void failuresReadLikeTheCli() {
        assertEquals("lorabench: /x: missing train-images", UserPrompts.cliLine("/x: missing train-images\nmore"));
        assertEquals("lorabench: one line", UserPrompts.cliLine("one line"));
    }

    /**
     * The rows the view-model exposes for a run with random confusion matrices and two target
     * classes, against gain and forgetting counted here straight from the matrices: gain = the
     * drop in off-diagonal counts on the target rows, forgetting = the (net) rise on the others.
     */
    @Test
    void rowsFollowTheConfusionMatricesOfTheLoadedRun() {
        java.util.Random random = new java.util.Random(11);
        List<int[][]> matrices = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            int[][] confusion = new int[10][10];
            for (int[] row : confusion) {
                for (int q = 0; q < 10; q++) {
                    row[q] = random.nextInt(6);
                }
            }
            matrices.add(confusion);
        }
        List<Integer> targets = List.of(2, 7);
        List<String> names = List.of("full", "lora-r10", "lora-r2");
        List<VariantResult> variants = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            variants.add(FakeRuns.variant(names.get(v), 10, dev.lorabench.train.Evaluation.classification(matrices.get(v + 1)),
                    !names.get(v).equals("full")));
        }
        RunResult fake = FakeRuns.run();
        dev.lorabench.train.BaseResult base = new dev.lorabench.train.BaseResult(1000, "sha", true, FakeRuns.losses(4, 2.0),
                dev.lorabench.train.Evaluation.classification(matrices.get(0)), 1.0);
        LayerSpectra layer0 = new LayerSpectra("0", 4, 3, new double[] {3, 2, 1},
                Map.of("full", new double[] {1}, "lora-r10", new double[] {1}, "lora-r2", new double[] {1}),
                Map.of("full", 2.5, "lora-r10", 7.25, "lora-r2", 1.5), Map.of("lora-r2", 3.0),
                List.of(), new double[0][0], Map.of(),
                Map.of("full", Variant.full(), "lora-r10", Variant.lora(10), "lora-r2", Variant.lora(2)));
        LayerSpectra layer2 = new LayerSpectra("2", 4, 3, new double[] {3, 2, 1},
                Map.of("lora-r2", new double[] {1}), Map.of("lora-r2", 1.75), Map.of(), List.of(), new double[0][0],
                Map.of(), Map.of());
        RunResult result = new RunResult(fake.plan(), fake.environment(), FakeRuns.DIGITS, targets, 40, base, variants, 1,
                List.of(layer0, layer2), null, null);
        RunRecord record = new RunRecord(7, result, LocalTime.NOON);
        history.add(record);
        vm.load(record);

        assertEquals(names, vm.gain().rows().stream().map(GainRow::variant).toList());
        for (int v = 0; v < 3; v++) {
            int[][] b = matrices.get(0);
            int[][] x = matrices.get(v + 1);
            int gain = 0;
            int forgetting = 0;
            for (int t = 0; t < 10; t++) {
                int change = offDiagonal(x[t], t) - offDiagonal(b[t], t);
                if (targets.contains(t)) {
                    gain -= change;
                } else {
                    forgetting += change;
                }
            }
            GainRow row = vm.gain().rows().get(v);
            assertEquals(gain, row.gain(), row.variant());
            assertEquals(forgetting, row.forgetting(), row.variant());
            assertEquals(7, row.run());
        }
        assertEquals(List.copyOf(vm.gain().rows()), List.copyOf(vm.gain().historyRows()), "the history holds this run only");

        // The gallery opens on the base's worst class: the most off-diagonal counts, first on ties.
        int worst = 0;
        for (int t = 1; t < 10; t++) {
            if (offDiagonal(matrices.get(0)[t], t) > offDiagonal(matrices.get(0)[worst], worst)) {
                worst = t;
            }
        }
        assertEquals(worst, vm.gallery().worstClass());
        assertEquals(worst, vm.gallery().classProperty().get());
        assertEquals(List.of("base", "full", "lora-r10", "lora-r2"), vm.gallery().variants());
        assertEquals(base.evaluation(), vm.adapters().evaluationOf("base"));
        assertEquals(variants.get(1).evaluation(), vm.adapters().evaluationOf("lora-r10"));

        // Spectrum rows in rank order (r2 before r10, full last), with each layer's own numbers.
        assertEquals(List.of("0", "2"), vm.deltaW().layers());
        assertEquals(List.of("lora-r2", "lora-r10", "full"), vm.deltaW().spectrumRows().stream().map(SpectrumRow::variant).toList());
        assertEquals(List.of(1.5, 7.25, 2.5), vm.deltaW().spectrumRows().stream().map(SpectrumRow::effectiveRank).toList());
        assertEquals(3.0, vm.deltaW().spectrumRows().get(0).amplification());
        assertTrue(Double.isNaN(vm.deltaW().spectrumRows().get(1).amplification()), "no amplification known: NaN, not 0");
        assertNull(vm.deltaW().similarityChartProperty().get(), "no labels: no heat map");
        vm.deltaW().layerProperty().set("2");
        assertEquals(List.of("lora-r2"), vm.deltaW().spectrumRows().stream().map(SpectrumRow::variant).toList());
        assertEquals(1.75, vm.deltaW().spectrumRows().get(0).effectiveRank());
        assertNull(vm.deltaW().truncationChartProperty().get(), "no full fine-tune curve");
    }

    private static int offDiagonal(int[] row, int diagonal) {
        int sum = 0;
        for (int q = 0; q < row.length; q++) {
            sum += q == diagonal ? 0 : row[q];
        }
        return sum;
    }
}
