package dev.lorabench.train;

import dev.lorabench.analysis.AdapterAlgebra;
import dev.lorabench.analysis.AdapterCombination;
import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.CombinedAdapter;
import dev.lorabench.data.DataException;
import dev.lorabench.interop.PeftFactors;
import dev.lorabench.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The adapter algebra on a run (ADR 0026), for the window's Adapter algebra tab and {@code
 * lorabench adapter combine --evaluate} alike: combine sources ({@link AlgebraSources}) as PEFT's
 * {@code add_weighted_adapter} does, scale the result by a strength (PEFT's {@code
 * rescale_adapter_scale}), evaluate it on the run's base and test set, and export it in PEFT's
 * layout with its DARE masks and {@code combination.json}. Call from a background thread.
 */
public final class AdapterAlgebraService {

    /** The record written next to an exported combination. */
    public static final String JSON = "combination.json";

    private AdapterAlgebraService() {}

    /**
     * The sources combined by {@code how} (weight i for source i).
     *
     * @throws IllegalArgumentException one line: a source that cannot be combined (DoRA) with its
     *     reason, or what the algebra refuses (another count of weights, ranks that differ on the
     *     factor route, an SVD rank too large)
     */
    public static CombinedAdapter combine(List<AlgebraSource> sources, AdapterCombination how) {
        for (AlgebraSource s : sources) {
            if (!s.combinable()) {
                throw new IllegalArgumentException(s.name() + ": " + s.refusal());
            }
        }
        return AdapterAlgebra.combine(sources.stream().map(AlgebraSource::adapter).toList(), how);
    }

    /** The combined adapter with every layer's scale times {@code strength} (1: as combined). */
    public static AdapterFactors atStrength(CombinedAdapter combined, double strength) {
        return strength == 1 ? combined.adapter() : combined.adapter().rescaled(strength);
    }

    /** The run's base with {@code combined} at {@code strength}, on the run's test set. */
    public static Evaluation evaluate(RunArtifacts run, CombinedAdapter combined, double strength) {
        return RunInspector.evaluateAdapter(run, atStrength(combined, strength));
    }

    /**
     * Combines and evaluates in one call: the base's and the combination's evaluations on the run's
     * test set.
     *
     * @param seed the seed the DARE masks of {@code how} were drawn with, for the record
     */
    public static AlgebraResult run(RunArtifacts run, List<AlgebraSource> sources, AdapterCombination how,
            OptionalLong seed, double strength) {
        if (!Double.isFinite(strength)) {
            throw new IllegalArgumentException("strength must be finite but was " + strength);
        }
        CombinedAdapter combined = combine(sources, how);
        return new AlgebraResult(sources.stream().map(AlgebraSource::name).toList(), how, seed, combined, strength,
                RunInspector.evaluateBase(run), evaluate(run, combined, strength));
    }

    /**
     * Writes {@code result} to {@code dir}: the adapter in PEFT's layout of the run's model, {@link
     * PeftFactors#MASKS} for DARE types, and {@link #JSON}.
     */
    public static void export(RunArtifacts run, AlgebraResult result, Path dir) throws IOException, DataException {
        RunInspector.saveAdapter(run, result.adapter(), dir, notes(result));
        if (!result.combined().masks().isEmpty()) {
            PeftFactors.saveMasks(dir.resolve(PeftFactors.MASKS), result.combined().masks());
        }
        writeJson(result, dir);
    }

    /** Writes {@link #JSON} into {@code dir} (e.g. next to an adapter the CLI saved). */
    public static void writeJson(AlgebraResult result, Path dir) throws IOException {
        AtomicWrite.writeString(dir.resolve(JSON), AlgebraJson.toJson(result));
    }

    /** The {@code lorabench} entries of the exported adapter_config.json (as the CLI writes them). */
    public static Map<String, String> notes(AlgebraResult result) {
        Map<String, String> notes = new TreeMap<>();
        notes.put("combination", result.combined().applied().peftName());
        notes.put("weights", Arrays.stream(result.how().weights()).mapToObj(Double::toString)
                .collect(Collectors.joining(",")));
        notes.put("sources", String.join(",", result.sources()));
        if (result.strength() != 1) {
            notes.put("strength", Double.toString(result.strength()));
        }
        return notes;
    }
}
