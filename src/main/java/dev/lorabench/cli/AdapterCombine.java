package dev.lorabench.cli;

import dev.lorabench.analysis.AdapterCombination;
import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.CombinationType;
import dev.lorabench.analysis.CombinedAdapter;
import dev.lorabench.analysis.DropMasks;
import dev.lorabench.analysis.SignElection;
import dev.lorabench.data.DataException;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.report.AlgebraReport;
import dev.lorabench.report.ChartFiles;
import dev.lorabench.report.SeriesPalette;
import java.util.LinkedHashMap;
import dev.lorabench.interop.RunFolder;
import dev.lorabench.train.AdapterAlgebraService;
import dev.lorabench.train.AlgebraResult;
import dev.lorabench.train.AlgebraSource;
import dev.lorabench.train.AlgebraSources;
import dev.lorabench.train.DataSource;
import dev.lorabench.train.Evaluation;
import dev.lorabench.train.RunArtifacts;
import dev.lorabench.train.RunInspector;
import dev.lorabench.train.SavedRun;
import java.util.OptionalLong;
import dev.lorabench.interop.PeftAdapters;
import dev.lorabench.interop.PeftFactors;
import dev.lorabench.io.OutputCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lorabench adapter combine}: PEFT's {@code add_weighted_adapter} on adapter folders, and
 * {@code rescale_adapter_scale} as {@code --strength} (ADR 0026). The result is a PEFT folder that
 * PEFT loads as it is; DARE's drop masks are saved beside it so the combination can be replayed.
 */
@Command(name = "combine", mixinStandardHelpOptions = true,
        description = "Combine adapter folders into one, as PEFT's add_weighted_adapter does.")
final class AdapterCombine implements Callable<Integer> {

    /** The per-class bars of base and combination that --evaluate writes beside combination.json. */
    static final String PNG = "combination-errors.png";
    static final String CSV = "combination-errors.csv";

    @Spec CommandSpec spec;

    @Option(names = "--type", required = true, paramLabel = "TYPE",
            description = "linear, cat, svd, ties, ties_svd, dare_linear, dare_linear_svd, dare_ties, dare_ties_svd,"
                    + " magnitude_prune or magnitude_prune_svd")
    String type;

    @Option(names = "--weights", required = true, split = ",", paramLabel = "W",
            description = "one weight per adapter, in order (negative subtracts)")
    double[] weights;

    @Option(names = "--density", paramLabel = "D", description = "share kept by ties, dare and magnitude_prune types")
    Double density;

    @Option(names = "--svd-rank", paramLabel = "R", description = "rank of the *svd types' result (default: largest input rank)")
    Integer svdRank;

    @Option(names = "--svd-clamp", paramLabel = "Q", description = "*svd types: clamp entries at this quantile")
    Double svdClamp;

    @Option(names = "--sign-election", paramLabel = "total|frequency", description = "ties types' sign election")
    String election;

    @Option(names = "--seed", defaultValue = "0", description = "seed of DARE's drop masks (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--strength", defaultValue = "1", paramLabel = "M",
            description = "multiply the result's scale (PEFT's rescale_adapter_scale; default ${DEFAULT-VALUE})")
    double strength;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write the combined adapter to")
    Path out;

    @Option(names = "--evaluate", paramLabel = "RUN",
            description = {"a run folder (lorabench run --out RUN --save-adapters): print the per-class test errors of"
                    + " its base and of the combination on its base, and write combination.json next to the result"})
    Path evaluate;

    @Parameters(paramLabel = "ADAPTER", arity = "1..*",
            description = {"adapter folders in PEFT's layout, or RUN:VARIANT for a saved run's variant"
                    + " (RUN/adapters/VARIANT)"})
    List<String> adapters;

    @Override
    public Integer call() throws DataException, IOException {
        CombinationType kind = CombinationType.byPeftName(type);
        if (weights.length != adapters.size()) {
            throw new IllegalArgumentException("weights must hold one weight per adapter (" + adapters.size()
                    + ") but were " + weights.length);
        }
        if (!Double.isFinite(strength)) {
            throw new IllegalArgumentException("strength must be finite but was " + strength);
        }
        AdapterCombination.Builder how = AdapterCombination.builder(kind).setWeights(weights);
        if (density != null) {
            how.optDensity(density);
        }
        if (svdRank != null) {
            how.optSvdRank(svdRank);
        }
        if (svdClamp != null) {
            how.optSvdClamp(svdClamp);
        }
        if (election != null) {
            how.optElection(SignElection.byPeftName(election));
        }
        if (kind.merge().random()) {
            how.optMasks(DropMasks.seeded(seed));
        }
        AdapterCombination combination = how.build();
        OutputCheck.folder("--out", out, PeftAdapters.CONFIG, PeftAdapters.WEIGHTS, AdapterAlgebraService.JSON, PNG, CSV);

        RunArtifacts run = evaluate == null ? null
                : SavedRun.artifacts(evaluate, DataSource.cached(new DatasetCache(DatasetCache.defaultRoot())));
        List<AlgebraSource> inputs = new ArrayList<>();
        Map<String, PeftFactors.ModuleShape> shapes = new TreeMap<>();
        for (String adapter : adapters) {
            Path dir = folderOf(adapter);
            PeftFactors.Folder folder = PeftFactors.read(dir);
            inputs.add(run == null ? AlgebraSource.ofFolder(dir, folder.factors()) : AlgebraSources.load(run, dir));
            folder.shapes().forEach(shapes::putIfAbsent);
        }
        CombinedAdapter combined = AdapterAlgebraService.combine(inputs, combination);
        AdapterFactors result = AdapterAlgebraService.atStrength(combined, strength);
        Map<String, String> notes = new TreeMap<>();
        notes.put("combination", combined.applied().peftName());
        notes.put("weights", Arrays.stream(weights).mapToObj(Double::toString).collect(Collectors.joining(",")));
        notes.put("sources", String.join(",", adapters));
        if (strength != 1) {
            notes.put("strength", Double.toString(strength));
        }
        PeftFactors.save(out, result, shapes, notes);
        if (!combined.masks().isEmpty()) {
            PeftFactors.saveMasks(out.resolve(PeftFactors.MASKS), combined.masks());
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf("combined %d adapters (%s%s) into %s: %d layers, rank %d%n", adapters.size(), combined.applied().peftName(),
                combined.applied() != kind ? ", as PEFT does for one adapter" : "", out,
                result.layers().size(), result.rank());
        if (run != null) {
            AlgebraResult evaluated = new AlgebraResult(adapters, combination,
                    kind.merge().random() ? OptionalLong.of(seed) : OptionalLong.empty(), combined, strength,
                    RunInspector.evaluateBase(run), AdapterAlgebraService.evaluate(run, combined, strength));
            AdapterAlgebraService.writeJson(evaluated, out);
            List<String> classes = SavedRun.classNames(run);
            if (!evaluated.evaluation().isRegression()) {
                Map<String, List<Integer>> bars = new LinkedHashMap<>();
                bars.put("base", evaluated.base().classErrors());
                bars.put("combined", evaluated.evaluation().classErrors());
                ChartFiles.savePng(AlgebraReport.chart("Test errors per class: " + combined.applied().peftName() + " of "
                        + String.join(", ", adapters), classes, bars, false, SeriesPalette.empty()), out.resolve(PNG));
                AtomicWrite.writeString(out.resolve(CSV), AlgebraReport.csv(classes, bars));
            }
            printErrors(w, classes, evaluated);
        }
        w.flush();
        return ExitCodes.OK;
    }

    /** A folder, or RUN:VARIANT for the run's saved adapter RUN/adapters/VARIANT. */
    private static Path folderOf(String adapter) {
        Path plain = Path.of(adapter);
        int colon = adapter.lastIndexOf(':');
        if (java.nio.file.Files.isDirectory(plain) || colon <= 0 || colon == adapter.length() - 1) {
            return plain;
        }
        return Path.of(adapter.substring(0, colon)).resolve(RunFolder.ADAPTERS).resolve(adapter.substring(colon + 1));
    }

    /** Per class: the base's test errors, the combination's, and the change. */
    private static void printErrors(PrintWriter w, List<String> classes, AlgebraResult r) {
        Evaluation base = r.base();
        Evaluation mine = r.evaluation();
        if (mine.isRegression()) {
            w.printf("test MSE: base %.6g, combined %.6g%n", base.mse(), mine.mse());
            return;
        }
        w.printf("%-8s %6s %9s %6s%n", "class", "base", "combined", "delta");
        for (int c = 0; c < mine.classErrors().size(); c++) {
            int b = base.classErrors().get(c);
            int m = mine.classErrors().get(c);
            w.printf("%-8s %6d %9d %+6d%n", c < classes.size() ? classes.get(c) : Integer.toString(c), b, m, m - b);
        }
        w.printf("%-8s %6d %9d %+6d%n", "total", base.totalErrors(), mine.totalErrors(),
                mine.totalErrors() - base.totalErrors());
        w.printf("wrote %s, %s and %s%n", AdapterAlgebraService.JSON, PNG, CSV);
    }
}
