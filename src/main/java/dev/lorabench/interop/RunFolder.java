package dev.lorabench.interop;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.analysis.Section7Lab;
import dev.lorabench.analysis.WeightUpdate;
import dev.lorabench.data.DataException;
import dev.lorabench.data.Safetensors;
import dev.lorabench.plan.LoraMethod;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run folder written by {@code lorabench run --out DIR --save-adapters}, read as the plain
 * matrices {@link Section7Lab} takes: the variants from {@code run.json} (typed from its fields,
 * not from names), each {@code adapters/<variant>/} folder through {@link PeftFactors}, and the
 * target layers' base weights from {@code base.safetensors}. Layers are keyed by PyTorch module
 * name. PiSSA and OLoRA folders hold PEFT's conversion, whose s·B'·A' is W_ft − W, so they enter
 * the amplification and intruder findings but not the φ grids; DoRA folders enter them through
 * their W_ft − W, rebuilt from the base weight and the trained magnitudes ({@link
 * WeightUpdate#dora}); the full fine-tune is not saved at all.
 *
 * @param updates LoRA variant → module → W_ft − W, in run order
 * @param factors LoRA variant → module → trained factors, for the methods whose folder holds them as trained
 * @param skipped one line per variant folder left out, saying why
 */
public record RunFolder(
        Map<String, Matrix> baseWeights,
        Map<LoraVariant, Map<String, WeightUpdate>> updates,
        Map<LoraVariant, Map<String, LoraFactors>> factors,
        List<String> skipped) {

    public static final String RUN_JSON = "run.json";
    public static final String BASE = "base.safetensors";
    public static final String ADAPTERS = "adapters";
    /** Larger than any run.json of a real run (one with 20 seeds of 13 variants is a few MB). */
    static final long MAX_RUN_JSON_BYTES = 256L * 1024 * 1024;

    /** What the §7 analysis reads from this folder (no second seed: the CLI's runs save one adapter per variant). */
    public Section7Lab.Inputs inputs() {
        return new Section7Lab.Inputs(baseWeights, updates, factors, Map.of());
    }

    /**
     * Reads the folder.
     *
     * @throws DataException one line naming the file and what is wrong or missing
     */
    public static RunFolder read(Path dir) throws DataException {
        List<LoraVariant> variants = loraVariants(dir.resolve(RUN_JSON));
        Map<LoraVariant, Map<String, WeightUpdate>> updates = new TreeMap<>(Variant.ORDER);
        Map<LoraVariant, Map<String, LoraFactors>> factors = new TreeMap<>(Variant.ORDER);
        Map<LoraVariant, Map<String, LoraFactors>> dora = new TreeMap<>(Variant.ORDER);
        List<String> skipped = new ArrayList<>();
        List<String> modules = new ArrayList<>();
        for (LoraVariant v : variants) {
            Path folder = dir.resolve(ADAPTERS).resolve(v.name());
            if (!Files.isDirectory(folder)) {
                skipped.add(v.name() + ": no folder " + folder + " (diverged, or run without --save-adapters)");
                continue;
            }
            PeftFactors.Folder read = PeftFactors.readWithMagnitudes(folder);
            read.factors().layers().keySet().forEach(module -> {
                if (!modules.contains(module)) {
                    modules.add(module);
                }
            });
            if (v.method() == LoraMethod.DORA) {
                dora.put(v, read.factors().layers());
                continue;
            }
            Map<String, WeightUpdate> layerUpdates = new LinkedHashMap<>();
            read.factors().layers().forEach((module, f) -> layerUpdates.put(module, new WeightUpdate.LowRank(f)));
            updates.put(v, layerUpdates);
            if (v.method() != LoraMethod.PISSA && v.method() != LoraMethod.OLORA) {
                factors.put(v, read.factors().layers());
            }
        }
        if (updates.isEmpty() && dora.isEmpty()) {
            throw new DataException(dir.resolve(ADAPTERS) + ": no LoRA adapter folder to analyse"
                    + (skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")")
                    + "; write one with lorabench run --out " + dir + " --save-adapters");
        }
        Map<String, Matrix> base = baseWeights(dir.resolve(BASE), modules);
        // DoRA's W_ft − W rescales every row of W + s·B·A to its trained magnitude, so it needs W.
        for (Map.Entry<LoraVariant, Map<String, LoraFactors>> e : dora.entrySet()) {
            Map<String, WeightUpdate> layerUpdates = new LinkedHashMap<>();
            for (Map.Entry<String, LoraFactors> layer : e.getValue().entrySet()) {
                try {
                    layerUpdates.put(layer.getKey(), WeightUpdate.dora(base.get(layer.getKey()), layer.getValue()));
                } catch (IllegalArgumentException bad) {
                    throw new DataException(dir.resolve(ADAPTERS).resolve(e.getKey().name()) + ": module "
                            + layer.getKey() + ": " + bad.getMessage());
                }
            }
            updates.put(e.getKey(), layerUpdates);
        }
        return new RunFolder(base, updates, factors, skipped);
    }

    private static Map<String, Matrix> baseWeights(Path file, List<String> modules) throws DataException {
        Map<String, Matrix> out = new LinkedHashMap<>();
        try (Safetensors.Reader reader = Safetensors.open(file)) {
            for (String module : modules) {
                Safetensors.Tensor t = reader.read(module + ".weight");
                int rows = (int) t.shape()[0];
                out.put(module, Matrix.ofFloats(rows, t.values().length / rows, t.values()));
            }
        }
        return out;
    }

    /**
     * A run record's top-level object, which must hold {@code member} (e.g. {@code variants},
     * {@code config}): the one reader of run.json for the CLI's commands that read a saved run.
     *
     * @throws DataException one line naming the file: missing, too large, not JSON, not a run record
     */
    static JsonObject readRecord(Path file, String member) throws DataException {
        String shown = file.toString();
        try {
            if (Files.size(file) > MAX_RUN_JSON_BYTES) {
                throw new DataException(shown + ": larger than " + MAX_RUN_JSON_BYTES + " bytes; not a run record");
            }
            JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject() || !parsed.getAsJsonObject().has(member)) {
                throw new DataException(shown + ": not a lorabench run record (no " + member + ")");
            }
            return parsed.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new DataException(shown + ": no such file (is " + file.getParent() + " a run folder of lorabench run --out?)");
        } catch (IOException e) {
            throw new DataException(shown + ": cannot read (" + e.getMessage() + ")", e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new DataException(shown + ": not valid JSON (" + e.getMessage() + ")");
        }
    }

    /** The run's LoRA variants, from run.json's {@code variants} (name, method, rank, alpha, lambda). */
    static List<LoraVariant> loraVariants(Path file) throws DataException {
        String shown = file.toString();
        JsonObject root = readRecord(file, "variants");
        List<LoraVariant> out = new ArrayList<>();
        try {
            for (JsonElement e : root.getAsJsonArray("variants")) {
                JsonObject v = e.getAsJsonObject();
                if (!"lora".equals(v.get("kind").getAsString())) {
                    continue;
                }
                LoraMethod method = LoraMethod.byId(v.get("method").getAsString());
                int rank = v.get("rank").getAsInt();
                float alpha = v.get("alpha").getAsFloat();
                LoraVariant variant = method == LoraMethod.LORAPLUS && v.has("lambda")
                        ? LoraVariant.loraPlus(rank, alpha, v.get("lambda").getAsFloat())
                        : new LoraVariant(method, rank, alpha);
                String name = v.get("name").getAsString();
                if (!variant.name().equals(name)) {
                    throw new DataException(shown + ": variant " + name + " has the fields of " + variant.name());
                }
                out.add(variant);
            }
        } catch (PlanException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | ClassCastException e) {
            throw new DataException(shown + ": a variant entry lacks name, kind, method, rank or alpha (" + e.getMessage() + ")");
        }
        return out;
    }
}
