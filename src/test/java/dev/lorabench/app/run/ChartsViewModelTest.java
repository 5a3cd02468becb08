package dev.lorabench.app.run;

import dev.lorabench.analysis.stats.BandKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.app.FakeRuns;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.report.ChartStyle;
import dev.lorabench.report.ErrorBarRenderer;
import dev.lorabench.train.LossPoint;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.SeedRun;
import dev.lorabench.train.TrainingEvent;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Losses &amp; errors view-model on hand-made runs: which chart holds which curve, Δ vs base,
 * seed whiskers, series toggles, the base's summary row, the theme and light exports. No toolkit.
 */
class ChartsViewModelTest {

    @TempDir
    Path temp;

    private final ChartsViewModel vm = new ChartsViewModel();

    /** FakeRuns.run() with lora-r1 over three seeds: class 3 errors 2, 3, 7 (the base: 5). */
    private static RunResult threeSeeds() {
        RunResult r = FakeRuns.run();
        List<SeedRun> seeds = new ArrayList<>();
        int[] class3 = {2, 3, 7};
        for (int k = 0; k < 3; k++) {
            seeds.add(new SeedRun("lora-r1", k, 40 + k, List.of(new LossPoint(1, 1.0 + k), new LossPoint(2, 0.5 + k)),
                    FakeRuns.classification(1, 1, 1, class3[k], 1, 1, 1, 1, 1, 1), 0));
        }
        return new RunResult(r.plan(), r.environment(), r.classNames(), r.targetClasses(), r.finetuneSamples(), r.base(),
                r.variants(), r.seconds(), r.spectra(), r.truncation(), r.artifacts(), seeds);
    }

    @Test
    void theFineTuneChartHoldsOnlyTheVariantsAndShowsOnceTheFineTuneStarts() {
        ExperimentPlan plan = ExperimentPlan.builder().setRanks(List.of(1)).build();
        vm.clear(plan);
        assertEquals(LossPhase.BASE, vm.phaseProperty().get(), "the base's chart while the base trains");
        RunMonitor monitor = new RunMonitor(vm.baseLossChart(), vm.lossChart(), vm.classErrors(), 0);
        monitor.apply(List.of(new TrainingEvent.StepLoss("base", 1, 1, 2.0), new TrainingEvent.StepLoss("base", 2, 1, 1.5)));
        vm.follow(monitor);
        assertEquals(LossPhase.BASE, vm.phaseProperty().get());
        assertEquals(List.of("base"), vm.legendNames());

        monitor.apply(List.of(new TrainingEvent.StepLoss("lora-r1", 1, 1, 0.4), new TrainingEvent.StepLoss("full", 1, 1, 0.3)));
        vm.follow(monitor);
        assertEquals(LossPhase.FINE_TUNE, vm.phaseProperty().get(), "the fine-tune's chart once it starts");
        assertEquals(List.of("lora-r1", "full"), vm.lossChart().seriesNames());
        assertEquals(-1, vm.lossChart().dataset().getSeriesIndex("base"));
        assertEquals(List.of("base"), vm.baseLossChart().seriesNames());
        assertEquals(List.of("lora-r1", "full"), vm.legendNames());
        assertEquals(List.of("base", "lora-r1", "full"), vm.seriesNames());

        // The user may look back at the base; the next drain does not switch again.
        vm.phaseProperty().set(LossPhase.BASE);
        monitor.apply(List.of(new TrainingEvent.StepLoss("lora-r1", 2, 1, 0.35)));
        vm.follow(monitor);
        assertEquals(LossPhase.BASE, vm.phaseProperty().get());
        assertEquals(List.of("base"), vm.legendNames());
    }

    @Test
    void aLiveRunDrawsOnlyTheLossChartOnScreenAndTheOthersWhenTheyComeIntoView() {
        ExperimentPlan plan = ExperimentPlan.builder().setRanks(List.of(1)).build();
        vm.clear(plan);
        java.util.concurrent.atomic.AtomicInteger baseDraws = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger fineTuneDraws = new java.util.concurrent.atomic.AtomicInteger();
        vm.baseLossChart().chart().addChangeListener(e -> baseDraws.incrementAndGet());
        vm.lossChart().chart().addChangeListener(e -> fineTuneDraws.incrementAndGet());
        vm.setLive(true);
        RunMonitor monitor = new RunMonitor(vm.baseLossChart(), vm.lossChart(), vm.classErrors(), 0);
        monitor.apply(List.of(new TrainingEvent.StepLoss("base", 1, 1, 2.0), new TrainingEvent.StepLoss("base", 2, 1, 1.5)));
        vm.follow(monitor);
        assertEquals(0, baseDraws.get(), "deferred while live");
        assertTrue(vm.livePending());
        assertTrue(vm.flushLive());
        assertEquals(1, baseDraws.get());
        assertFalse(vm.livePending());

        // Another tab selected: nothing is drawn, whatever arrives; back on screen, one redraw.
        vm.onScreenProperty().set(false);
        monitor.apply(List.of(new TrainingEvent.StepLoss("base", 3, 1, 1.4)));
        vm.follow(monitor);
        assertFalse(vm.livePending());
        assertFalse(vm.flushLive());
        assertEquals(1, baseDraws.get());
        vm.onScreenProperty().set(true);
        assertEquals(2, baseDraws.get());

        // The fine-tune's points while the base's chart is shown wait until its chart is shown.
        vm.phaseProperty().set(LossPhase.BASE);
        monitor.apply(List.of(new TrainingEvent.StepLoss("lora-r1", 1, 1, 0.4)));
        vm.follow(monitor); // switches to the fine-tune's chart once, which draws what it deferred
        assertEquals(LossPhase.FINE_TUNE, vm.phaseProperty().get());
        assertEquals(1, fineTuneDraws.get());
        vm.phaseProperty().set(LossPhase.BASE);
        monitor.apply(List.of(new TrainingEvent.StepLoss("lora-r1", 2, 1, 0.3)));
        vm.follow(monitor);
        assertFalse(vm.livePending(), "the base's chart is shown and has nothing new");
        assertEquals(1, fineTuneDraws.get());
        assertEquals(2, vm.lossChart().pointCount("lora-r1"), "the data is current all the same");

        // The run ends: each chart draws once (what it deferred) and at once from then on.
        vm.setLive(false);
        assertEquals(2, fineTuneDraws.get());
        assertEquals(3, baseDraws.get());
        vm.setLive(false);
        assertEquals(2, fineTuneDraws.get());
        monitor.apply(List.of(new TrainingEvent.StepLoss("lora-r1", 3, 1, 0.2)));
        assertEquals(3, fineTuneDraws.get());
    }

    @Test
    void eachDrainsFrameDrawsTheLiveChartAtMostTwiceASecondOfTheInjectedClock() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
        ChartsViewModel live = new ChartsViewModel(now::get);
        live.clear(ExperimentPlan.builder().setRanks(List.of(1)).build());
        java.util.concurrent.atomic.AtomicInteger draws = new java.util.concurrent.atomic.AtomicInteger();
        live.baseLossChart().chart().addChangeListener(e -> draws.incrementAndGet());
        live.setLive(true);
        RunMonitor monitor = new RunMonitor(live.baseLossChart(), live.lossChart(), live.classErrors(), 0);
        // Ten drains 100 ms apart (0 to 900 ms), each with a new point: frames at 0 and 500 ms.
        for (int drain = 0; drain < 10; drain++) {
            monitor.apply(List.of(new TrainingEvent.StepLoss("base", drain + 1, 1, 1.0 / (drain + 1))));
            live.follow(monitor);
            live.liveFrame();
            now.addAndGet(100_000_000L);
        }
        assertEquals(2, draws.get());
        assertEquals(10, live.baseLossChart().pointCount("base"), "every point is in the chart's data");
        live.liveFrame(); // 1,000 ms after the first frame: the last points are drawn
        assertEquals(3, draws.get());
        live.liveFrame(); // nothing new: nothing drawn, due or not
        now.addAndGet(ChartsViewModel.LIVE_FRAME_INTERVAL_NANOS);
        live.liveFrame();
        assertEquals(3, draws.get());
    }

    @Test
    void deltaBarsAreTheVariantsErrorsMinusTheBases() {
        vm.show(new RunRecord(1, FakeRuns.run(), LocalTime.NOON));
        assertTrue(vm.deltaBarsProperty().get(), "Δ vs base by default");
        assertEquals(List.of("lora-r1", "lora-r2", "full"), vm.classErrors().dataset().getRowKeys());
        // Base errors per class 1,1,1,5,1,1,1,1,1,1; full 3,3,3,0,3,3,3,3,3,3: Δ = 2 except class 3: 0 − 5.
        assertEquals(List.of(2.0, 2.0, 2.0, -5.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0), vm.classErrors().values().get("full"));
        // lora-r1: 1,1,1,2,1,…: Δ 0 except class 3: 2 − 5 = −3.
        assertEquals(-3.0, vm.classErrors().dataset().getValue("lora-r1", "3").doubleValue(), 0);
        assertEquals(0.0, vm.classErrors().dataset().getValue("lora-r1", "0").doubleValue(), 0);

        vm.deltaBarsProperty().set(false);
        assertEquals(List.of("base", "lora-r1", "lora-r2", "full"), vm.classErrors().dataset().getRowKeys());
        assertEquals(5.0, vm.classErrors().dataset().getValue("base", "3").doubleValue(), 0);

        // Hiding the full fine-tune takes its bars out, so the axis fits the ranks.
        vm.deltaBarsProperty().set(true);
        vm.barVisibleProperty("full").set(false);
        assertEquals(List.of("lora-r1", "lora-r2"), vm.classErrors().dataset().getRowKeys());
        assertEquals(List.of("base", "lora-r1", "lora-r2", "full"), vm.barNames(), "its check box stays");
        assertTrue(vm.exportView().bars().hidden().contains("full"));
    }

    @Test
    void severalSeedsGiveMeanBarsWithWhiskersAndBandedCurves() {
        vm.show(new RunRecord(1, threeSeeds(), LocalTime.NOON));
        assertTrue(vm.seedsProperty().get());
        // Class 3 over seeds 2, 3, 7: mean 4, min 2, max 7; the base has 5: Δ mean −1, whisker −3 … 2.
        assertEquals(-1.0, vm.classErrors().dataset().getValue("lora-r1", "3").doubleValue(), 1e-12);
        ErrorBarRenderer bars = (ErrorBarRenderer) vm.classErrors().chart().getCategoryPlot().getRenderer();
        assertArrayEquals(new double[] {-3, 2}, bars.range("lora-r1", "3"), 1e-12);
        assertArrayEquals(new double[] {0, 0}, bars.range("lora-r1", "0"), 1e-12, "every seed: 1 wrong, as the base");
        assertNull(bars.range("lora-r2", "3"), "lora-r2 ran one seed");
        // Sample sd of 2, 3, 7: deviations −2, −1, 3; squares 14; / 2 = 7.
        vm.bandProperty().set(BandKind.SD);
        assertArrayEquals(new double[] {-1 - Math.sqrt(7), -1 + Math.sqrt(7)}, bars.range("lora-r1", "3"), 1e-12);
        vm.deltaBarsProperty().set(false);
        assertEquals(4.0, vm.classErrors().dataset().getValue("lora-r1", "3").doubleValue(), 1e-12);
        assertArrayEquals(new double[] {4 - Math.sqrt(7), 4 + Math.sqrt(7)}, bars.range("lora-r1", "3"), 1e-12);

        // The loss curve of lora-r1 is the mean of its seeds (1, 2, 3 at step 1), banded; full is a line.
        assertEquals(2.0, vm.lossChart().dataset().getSeries("lora-r1").getY(0).doubleValue(), 1e-12);
        assertEquals(1, vm.lossChart().bands().getSeriesCount());
        assertEquals(List.of("lora-r1", "lora-r2", "full"), vm.lossChart().seriesNames());
        assertEquals(List.of("base"), vm.baseLossChart().seriesNames());
        assertEquals(LossPhase.FINE_TUNE, vm.phaseProperty().get());

        String csv = ClassErrorCsv.of(threeSeeds());
        String[] lines = csv.split("\n");
        assertTrue(lines[0].endsWith(",lora-r1 mean,lora-r1 sd,lora-r1 min,lora-r1 max"), lines[0]);
        String[] class3 = lines[4].split(",");
        assertEquals(4.0, Double.parseDouble(class3[class3.length - 4]), 1e-12);
        assertEquals(Math.sqrt(7), Double.parseDouble(class3[class3.length - 3]), 1e-12);
        assertEquals(2.0, Double.parseDouble(class3[class3.length - 2]), 0);
        assertEquals(7.0, Double.parseDouble(class3[class3.length - 1]), 0);
    }

    @Test
    void theSummaryStartsWithTheBasesRow() {
        List<SummaryRow> rows = SummaryRows.of(FakeRuns.run());
        assertEquals(List.of("base", "lora-r1", "lora-r2", "full"), rows.stream().map(SummaryRow::variant).toList());
        SummaryRow base = rows.get(0);
        assertTrue(base.isBase());
        // FakeRuns' base: 14 of 100 wrong (5 on the target class 3), 1,000 parameters, 1 s.
        assertEquals("86.00%", base.metricText());
        assertEquals(5, base.targetErrors());
        assertEquals(9, base.otherErrors());
        assertEquals("1,000", base.trainableText(), "the base is the 100 % of the shares");
        assertEquals("—", base.baseUnchangedText());
        assertEquals("1.0 s", base.secondsText());
        assertEquals("trained", base.status());
    }

    @Test
    void chartsFollowTheThemeAndExportsStayLight() throws Exception {
        RunRecord record = new RunRecord(1, threeSeeds(), LocalTime.NOON);
        vm.show(record);
        assertEquals(Color.WHITE, vm.lossChart().chart().getBackgroundPaint());
        vm.styleProperty().set(ChartStyle.DARK);
        for (var chart : List.of(vm.lossChart().chart(), vm.baseLossChart().chart(), vm.classErrors().chart())) {
            assertEquals(ChartStyle.DARK.background(), chart.getBackgroundPaint());
            assertEquals(ChartStyle.DARK.plot(), chart.getPlot().getBackgroundPaint());
        }
        assertEquals(ChartStyle.DARK.text(), vm.lossChart().chart().getXYPlot().getDomainAxis().getLabelPaint());
        // A run from the history is coloured by its own variants; on the dark plot the full
        // fine-tune's near-black line turns light.
        int r2 = vm.lossChart().dataset().getSeriesIndex("lora-r2");
        assertEquals(dev.lorabench.report.SeriesColors.of(dev.lorabench.plan.Variant.lora(2)),
                vm.lossChart().chart().getXYPlot().getRenderer().getSeriesPaint(r2));
        int full = vm.lossChart().dataset().getSeriesIndex("full");
        Color dark = (Color) vm.lossChart().chart().getXYPlot().getRenderer().getSeriesPaint(full);
        assertTrue(luminance(dark) > 0.5, "full on dark: " + dark);
        vm.logScaleProperty().set(true);
        assertEquals(ChartStyle.DARK.text(), vm.lossChart().chart().getXYPlot().getRangeAxis().getLabelPaint(),
                "the log axis keeps the theme");

        for (ExportKind kind : List.of(ExportKind.LOSS_PNG, ExportKind.BASE_LOSS_PNG, ExportKind.CLASS_ERRORS_PNG)) {
            Path png = temp.resolve(kind.name() + ".png");
            Exporter.write(new Exporter.Request(kind, record, vm.exportView(), png));
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(Color.WHITE.getRGB(), image.getRGB(2, 2), kind + " is light");
        }
        Path csv = temp.resolve("loss-chart.csv");
        Exporter.write(new Exporter.Request(ExportKind.LOSS_CHART_CSV, record, vm.exportView(), csv));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("series,step,loss,band_low,band_high", lines.get(0));
        // lora-r1 at step 1: seeds 1, 2, 3 → mean 2, band 1 … 3 (min–max).
        assertEquals("lora-r1,1.0,2.0,1.0,3.0", lines.get(1));
        assertTrue(lines.contains("lora-r2,1.0,1.0,,"), "one seed: no band");
    }

    @Test
    void settingsKeepAxisBandAndBars() {
        vm.axisProperty().set(XAxisMode.SAMPLES);
        vm.bandProperty().set(BandKind.SD);
        vm.deltaBarsProperty().set(false);
        Properties props = new Properties();
        vm.saveSettings(props);
        ChartsViewModel other = new ChartsViewModel();
        other.loadSettings(props);
        assertEquals(XAxisMode.SAMPLES, other.axisProperty().get());
        assertEquals(BandKind.SD, other.bandProperty().get());
        assertFalse(other.deltaBarsProperty().get());
        assertEquals(XAxisMode.SAMPLES, other.lossChart().axis());
        ChartsViewModel fresh = new ChartsViewModel();
        fresh.loadSettings(new Properties());
        assertTrue(fresh.deltaBarsProperty().get(), "Δ vs base unless the user chose absolute errors");
    }

    private static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
    }
}
