package dev.lorabench.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.lorabench.analysis.Amplification;
import dev.lorabench.analysis.IntruderProfile;
import dev.lorabench.analysis.PhiGrid;
import dev.lorabench.analysis.Section7;
import dev.lorabench.analysis.Section7Lab;
import dev.lorabench.analysis.Section7Layer;
import dev.lorabench.data.DataException;
import dev.lorabench.interop.RunFolder;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.io.OutputCheck;
import dev.lorabench.report.ChartFiles;
import dev.lorabench.report.Section7Charts;
import dev.lorabench.report.Section7Csv;
import dev.lorabench.report.SeriesPalette;
import dev.lorabench.report.Section7Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lorabench analyse RUN}: the LoRA paper's §7 and intruder dimensions of a saved run
 * (docs/lora-paper-section7.md), from its base.safetensors and adapter folders through the same
 * {@link Section7Lab} the run uses; prints per layer and variant the intruder count and the
 * amplification factor, writes section7.json, the CSV tables and per layer the φ map between ranks
 * and the intruder counts over ε as PNG.
 */
@Command(name = "analyse", aliases = "analyze", mixinStandardHelpOptions = true,
        description = {"The LoRA paper's §7 (φ between ranks, amplification) and intruder dimensions of a run",
            "saved with lorabench run --out RUN --save-adapters."})
final class AnalyseCommand implements Callable<Integer> {

    public static final String JSON = "section7.json";

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "the run's folder (run.json, base.safetensors, adapters/)")
    Path run;

    @Option(names = "--k", defaultValue = "10", paramLabel = "K",
            description = "top-k directions examined for intruders, capped at half a layer's smaller dimension"
                    + " (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--epsilon", defaultValue = "0.5", paramLabel = "EPS",
            description = "a direction is an intruder when its best |cos| with the base's is below this (default ${DEFAULT-VALUE})")
    double epsilon;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for section7.json and the CSVs (default: RUN/section7)")
    Path out;

    @Override
    public Integer call() throws DataException, IOException {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1 but was " + k);
        }
        if (!(epsilon > 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in (0, 1] but was " + epsilon);
        }
        Path dir = out != null ? out : run.resolve("section7");
        List<String> files = new ArrayList<>(List.of(JSON));
        files.addAll(Section7Csv.all(Section7.none(), k, epsilon).keySet());
        OutputCheck.folder("--out", dir, files.toArray(String[]::new));

        RunFolder folder = RunFolder.read(run);
        Section7 s = Section7Lab.analyse(folder.inputs(), () -> { });
        PrintWriter w = spec.commandLine().getOut();
        folder.skipped().forEach(line -> w.println("skipped " + line));
        w.printf("rank pair: %s%n", s.pair() == null ? "none (needs two plain-LoRA ranks)" : s.pair().describe());
        for (Section7Layer l : s.layers()) {
            print(w, l);
        }
        JsonObject json = Section7Json.of(s, k, epsilon);
        AtomicWrite.writeString(dir.resolve(JSON), new GsonBuilder().setPrettyPrinting().serializeNulls()
                .serializeSpecialFloatingPointValues().disableHtmlEscaping().create().toJson(json));
        for (Map.Entry<String, String> e : Section7Csv.all(s, k, epsilon).entrySet()) {
            AtomicWrite.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        int charts = 0;
        SeriesPalette palette = SeriesPalette.of(folder.updates().keySet());
        for (Section7Layer l : s.layers()) {
            String layer = l.path().replaceAll("[^A-Za-z0-9._-]", "_");
            if (l.rankGrid() != null) {
                ChartFiles.savePng(Section7Charts.phiChart("φ(" + l.rankGrid().rows() + ", " + l.rankGrid().cols()
                        + ") — layer " + l.path(), l.rankGrid()), dir.resolve("phi-ranks-layer" + layer + ".png"));
                charts++;
            }
            ChartFiles.savePng(Section7Charts.countsChart(l, k, palette),
                    dir.resolve("intruders-over-epsilon-layer" + layer + ".png"));
            charts++;
        }
        w.printf("wrote %s, %s and %d charts to %s (%.1f s of analysis)%n", JSON, String.join(", ",
                Section7Csv.all(Section7.none(), k, epsilon).keySet()), charts, dir, s.seconds());
        w.flush();
        return ExitCodes.OK;
    }

    private void print(PrintWriter w, Section7Layer l) {
        int kk = Math.min(k, l.kMax());
        w.printf("%nlayer %s (%dx%d), intruders among the top %d at epsilon %s%n", l.path(), l.rows(), l.cols(), kk,
                epsilon);
        w.printf("  %-14s %9s %6s %12s %12s%n", "variant", "intruders", "rank", "||dW||", "amplification");
        for (Map.Entry<String, IntruderProfile> e : l.intruders().entrySet()) {
            Amplification a = l.amplification().get(e.getKey());
            IntruderProfile p = e.getValue();
            w.printf("  %-14s %9d %6d %12.4g %12.3f%n", e.getKey(), p.count(Math.min(kk, p.kMax()), epsilon), a.rank(),
                    a.deltaNorm(), a.factor());
        }
        PhiGrid g = l.rankGrid();
        if (g != null) {
            int d = Math.min(g.rowCount(), g.colCount());
            w.printf("  phi(%s, %s): phi(1,1) = %.3f, phi(%d,%d) = %.3f, mean of the %dx%d grid = %.3f%n", g.rows(),
                    g.cols(), g.at(1, 1), d, d, g.at(d, d), g.rowCount(), g.colCount(), mean(g));
        }
    }

    private static double mean(PhiGrid g) {
        double sum = 0;
        for (double[] row : g.phi()) {
            for (double v : row) {
                sum += v;
            }
        }
        return sum / ((double) g.rowCount() * g.colCount());
    }
}
