package dev.lorabench.interop;

import ai.djl.nn.Parameter;
import dev.lorabench.data.DataException;
import dev.lorabench.data.Safetensors;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.AdapterMethod;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LoraConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * LoRA adapters in PEFT's folder layout: {@code adapter_model.safetensors} with keys {@code
 * base_model.model.<module>.lora_A.weight} / {@code lora_B.weight}, and {@code
 * adapter_config.json}. Module names are PyTorch's (see {@link TorchNames}), so {@code
 * peft.PeftModel.from_pretrained} applies the folder to the PyTorch twin of the model.
 */
public final class PeftAdapters {

    public static final String WEIGHTS = "adapter_model.safetensors";
    public static final String CONFIG = "adapter_config.json";
    static final String PREFIX = "base_model.model.";
    private static final long MAX_CONFIG_BYTES = 1 << 20;

    private PeftAdapters() {}

    /**
     * What {@code adapter_config.json} says.
     *
     * @param lorabench the workbench's own notes (architecture, input, variant, method); may be empty
     * @param rankPattern PEFT's {@code rank_pattern}: modules whose rank is not {@code r}
     * @param alphaPattern PEFT's {@code alpha_pattern}: modules whose alpha is not {@code alpha}
     */
    public record AdapterConfig(
            int r, float alpha, boolean rsLora, float dropout, List<String> targetModules,
            Map<String, String> lorabench, boolean useDora, Map<String, Integer> rankPattern,
            Map<String, Float> alphaPattern) {

        public AdapterConfig {
            targetModules = List.copyOf(targetModules);
            lorabench = Map.copyOf(lorabench);
            rankPattern = Map.copyOf(rankPattern);
            alphaPattern = Map.copyOf(alphaPattern);
        }

        /** The config of the default rank and alpha (every module's when there are no patterns). */
        public LoraConfig loraConfig() {
            return new LoraConfig(r, alpha, rsLora, dropout).withMethod(useDora ? AdapterMethod.DORA : AdapterMethod.LORA);
        }

        /** The config of one target module, its pattern entries applied. */
        public LoraConfig loraConfigFor(String module) {
            return loraConfig().withRankAndAlpha(pattern(rankPattern, module, r), pattern(alphaPattern, module, alpha));
        }

        /** PEFT's pattern lookup: a key names the module itself or a dot-separated suffix of it. */
        private static <T> T pattern(Map<String, T> patterns, String module, T fallback) {
            T exact = patterns.get(module);
            if (exact != null) {
                return exact;
            }
            return patterns.entrySet().stream()
                    .filter(e -> module.endsWith("." + e.getKey()))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(fallback);
        }
    }

    /** One tensor of the weights file. */
    public record TensorInfo(String key, String dtype, long[] shape, long count) {}

    /** A folder's config and tensors, for {@code lorabench adapter info}. */
    public record Info(AdapterConfig config, List<TensorInfo> tensors, long trainable) {}

    /** The weights key of a module's A or B. */
    public static String key(String module, String ab) {
        return PREFIX + module + "." + ab + ".weight";
    }

    /**
     * Saves the adapters of one model as a PEFT folder. Layers may differ in rank and alpha
     * (written as {@code rank_pattern} / {@code alpha_pattern}) but not in rsLoRA, dropout or being
     * DoRA, which PEFT sets for the whole adapter. PiSSA/OLoRA are saved converted (see {@link
     * PeftExport}).
     *
     * @param notes extra {@code lorabench} entries for the config (e.g. architecture, variant)
     */
    public static void save(AdapterSet adapters, Path dir, Map<String, String> notes) throws IOException {
        LoraConfig config = sharedConfig(adapters);
        Map<String, Safetensors.Tensor> tensors = new TreeMap<>();
        List<String> modules = new ArrayList<>();
        Map<String, Integer> ranks = new TreeMap<>();
        Map<String, Float> alphas = new TreeMap<>();
        PeftExport first = null;
        for (AdaptedLayer layer : adapters.layers()) {
            PeftExport e = PeftExport.of(layer);
            first = first == null ? e : first;
            modules.add(e.module());
            tensors.put(key(e.module(), "lora_A"), e.a());
            tensors.put(key(e.module(), "lora_B"), e.b());
            if (e.magnitude() != null) {
                tensors.put(magnitudeKey(e.module()), e.magnitude());
            }
            if (e.rank() != first.rank()) {
                ranks.put(e.module(), e.rank());
            }
            if (e.alpha() != first.alpha()) {
                alphas.put(e.module(), e.alpha());
            }
        }
        Map<String, String> allNotes = new TreeMap<>(notes);
        allNotes.putIfAbsent("method", config.method().name().toLowerCase(java.util.Locale.ROOT));
        AdapterConfig file = new AdapterConfig(first.rank(), first.alpha(), config.rsLora(), config.dropout(), modules,
                allNotes, config.method() == AdapterMethod.DORA, ranks, alphas);
        Files.createDirectories(dir);
        Safetensors.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
        AtomicWrite.writeString(dir.resolve(CONFIG), PeftConfigJson.write(file));
    }

    /** The weights key of a DoRA module's magnitude vector (PEFT drops ".weight" for it). */
    public static String magnitudeKey(String module) {
        return PREFIX + module + ".lora_magnitude_vector";
    }

    /** Reads and checks {@code adapter_config.json}. */
    public static AdapterConfig readConfig(Path dir) throws DataException {
        Path file = dir.resolve(CONFIG);
        String shown = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new DataException(shown + ": larger than " + MAX_CONFIG_BYTES + " bytes; not an adapter config");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException(shown + ": no such file (is " + dir + " an adapter folder?)");
        } catch (IOException e) {
            throw new DataException(shown + ": cannot read (" + e.getMessage() + ")", e);
        }
        return PeftConfigJson.read(text, shown);
    }

    /**
     * Loads a folder into adapters freshly injected into the matching model. Everything is
     * checked before any value changes: config (rank, alpha, rsLoRA, targets) and every tensor
     * (present, floating, same shape, no extras).
     *
     * @throws DataException one line naming the file and the problem
     */
    public static void load(Path dir, AdapterSet adapters) throws DataException {
        AdapterConfig file = readConfig(dir);
        String shownConfig = dir.resolve(CONFIG).toString();
        Map<String, AdaptedLayer> byModule = new LinkedHashMap<>();
        adapters.layers().forEach(l -> byModule.put(TorchNames.module(l.path()), l));
        if (!new TreeSet<>(file.targetModules()).equals(new TreeSet<>(byModule.keySet()))) {
            throw new DataException(shownConfig + ": target_modules " + new TreeSet<>(file.targetModules())
                    + " do not match the model's adapted layers " + new TreeSet<>(byModule.keySet()));
        }
        for (Map.Entry<String, AdaptedLayer> e : byModule.entrySet()) {
            LoraConfig want = file.loraConfigFor(e.getKey());
            LoraConfig model = e.getValue().layer().config();
            if (model.method().replacesBase()) {
                throw new DataException(shownConfig + ": module " + e.getKey() + " is " + model.method()
                        + " here; a saved adapter loads into plain LoRA of rank 2r on the original base");
            }
            if (want.rank() != model.rank()) {
                throw new DataException(shownConfig + ": rank r=" + want.rank() + " but the model's adapter "
                        + e.getKey() + " has r=" + model.rank());
            }
            if (want.alpha() != model.alpha() || want.rsLora() != model.rsLora() || want.method() != model.method()) {
                throw new DataException(shownConfig + ": lora_alpha " + describe(want) + " but the model's adapter "
                        + e.getKey() + " uses " + describe(model));
            }
        }
        try (Safetensors.Reader weights = Safetensors.open(dir.resolve(WEIGHTS))) {
            Map<String, Parameter> expected = new LinkedHashMap<>();
            byModule.forEach((module, layer) -> {
                expected.put(key(module, "lora_A"), layer.layer().loraA());
                expected.put(key(module, "lora_B"), layer.layer().loraB());
                if (layer.layer().magnitude() != null) {
                    expected.put(magnitudeKey(module), layer.layer().magnitude());
                }
            });
            for (Map.Entry<String, Parameter> e : expected.entrySet()) {
                Tensors.check(weights, e.getKey(), e.getValue());
            }
            Set<String> extra = weights.namesNotIn(expected.keySet());
            if (!extra.isEmpty()) {
                throw new DataException(weights.shown() + ": unexpected tensor " + extra.iterator().next()
                        + "; the model has no such adapter");
            }
            for (Map.Entry<String, Parameter> e : expected.entrySet()) {
                Tensors.copy(weights, e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Reads a folder's config and the weights file's header, without loading any model, and checks
     * that they describe a LoRA adapter: floating-point tensors, an A and a B for every target
     * module, of the configured rank.
     */
    public static Info info(Path dir) throws DataException {
        AdapterConfig config = readConfig(dir);
        List<TensorInfo> tensors = new ArrayList<>();
        long total = 0;
        String shown = dir.resolve(WEIGHTS).toString();
        try (Safetensors.Reader weights = Safetensors.open(dir.resolve(WEIGHTS))) {
            for (Safetensors.Entry e : weights.entries().values()) {
                tensors.add(new TensorInfo(e.name(), e.dtype().name(), e.shape(), e.numel()));
                total += e.numel();
            }
            checkLayout(config, weights.entries(), shown);
        }
        return new Info(config, tensors, total);
    }

    private static void checkLayout(AdapterConfig config, Map<String, Safetensors.Entry> entries, String shown)
            throws DataException {
        for (Safetensors.Entry e : entries.values()) {
            Safetensors.DType t = e.dtype();
            if (t != Safetensors.DType.F32 && t != Safetensors.DType.F16 && t != Safetensors.DType.BF16
                    && t != Safetensors.DType.F64) {
                throw new DataException(shown + ": tensor " + e.name() + " has dtype " + t
                        + "; adapter weights must be floating point (F32, F16, BF16 or F64)");
            }
        }
        for (String module : config.targetModules()) {
            Safetensors.Entry a = entries.get(key(module, "lora_A"));
            Safetensors.Entry b = entries.get(key(module, "lora_B"));
            if (a == null || b == null) {
                throw new DataException(shown + ": missing tensor " + key(module, a == null ? "lora_A" : "lora_B")
                        + " for target module " + module);
            }
            int r = config.loraConfigFor(module).rank();
            if (a.shape().length < 2 || a.shape()[0] != r || b.shape().length < 2 || b.shape()[1] != r) {
                throw new DataException(shown + ": module " + module + " has A " + java.util.Arrays.toString(a.shape())
                        + " and B " + java.util.Arrays.toString(b.shape()) + ", not rank r = " + r);
            }
            if (config.useDora() && !entries.containsKey(magnitudeKey(module))) {
                throw new DataException(shown + ": missing tensor " + magnitudeKey(module) + " (use_dora is true)");
            }
        }
    }

    /** The first layer's config; every layer must agree with it in what PEFT sets per adapter. */
    private static LoraConfig sharedConfig(AdapterSet adapters) {
        if (adapters.layers().isEmpty()) {
            throw new IllegalArgumentException("no adapters to save");
        }
        LoraConfig config = adapters.layers().get(0).layer().config();
        for (AdaptedLayer l : adapters.layers()) {
            LoraConfig c = l.layer().config();
            if (c.rsLora() != config.rsLora() || c.dropout() != config.dropout()
                    || (c.method() == AdapterMethod.DORA) != (config.method() == AdapterMethod.DORA)) {
                throw new IllegalArgumentException("PEFT's layout needs one use_rslora, lora_dropout and use_dora"
                        + " for all layers, but " + l.path() + " differs");
            }
        }
        return config;
    }

    private static String describe(LoraConfig c) {
        return c.alpha() + (c.rsLora() ? " (rsLoRA)" : "") + (c.method() == AdapterMethod.DORA ? " (DoRA)" : "");
    }
}
