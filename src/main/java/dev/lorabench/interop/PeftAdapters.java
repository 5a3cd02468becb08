package dev.lorabench.interop;

import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.lorabench.data.DataException;
import dev.lorabench.data.Safetensors;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.lora.AdaptedLayer;
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
     * @param lorabench the workbench's own notes (architecture, input, variant); may be empty
     */
    public record AdapterConfig(
            int r, float alpha, boolean rsLora, float dropout, List<String> targetModules,
            Map<String, String> lorabench) {

        public AdapterConfig {
            targetModules = List.copyOf(targetModules);
            lorabench = Map.copyOf(lorabench);
        }

        public LoraConfig loraConfig() {
            return new LoraConfig(r, alpha, rsLora, dropout);
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
     * Saves the adapters of one model as a PEFT folder; all layers must share one config.
     *
     * @param notes extra {@code lorabench} entries for the config (e.g. architecture, variant)
     */
    public static void save(AdapterSet adapters, Path dir, Map<String, String> notes) throws IOException {
        LoraConfig config = sharedConfig(adapters);
        Map<String, Safetensors.Tensor> tensors = new TreeMap<>();
        List<String> modules = new ArrayList<>();
        for (AdaptedLayer layer : adapters.layers()) {
            String module = TorchNames.module(layer.path());
            modules.add(module);
            tensors.put(key(module, "lora_A"), Tensors.of(layer.layer().loraA()));
            tensors.put(key(module, "lora_B"), Tensors.of(layer.layer().loraB()));
        }
        Files.createDirectories(dir);
        Safetensors.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
        AtomicWrite.writeString(dir.resolve(CONFIG), configJson(config, modules, notes));
    }

    static String configJson(LoraConfig config, List<String> modules, Map<String, String> notes) {
        JsonObject o = new JsonObject();
        o.addProperty("peft_type", "LORA");
        o.add("task_type", JsonNull.INSTANCE);
        o.addProperty("r", config.rank());
        o.addProperty("lora_alpha", config.alpha());
        JsonArray targets = new JsonArray();
        new TreeSet<>(modules).forEach(targets::add);
        o.add("target_modules", targets);
        o.addProperty("use_rslora", config.rsLora());
        o.addProperty("lora_dropout", config.dropout());
        o.addProperty("bias", "none");
        o.addProperty("fan_in_fan_out", false);
        o.add("base_model_name_or_path", JsonNull.INSTANCE);
        o.addProperty("inference_mode", true);
        o.addProperty("init_lora_weights", true);
        o.add("modules_to_save", JsonNull.INSTANCE);
        JsonObject lb = new JsonObject();
        new TreeMap<>(notes).forEach(lb::addProperty);
        o.add("lorabench", lb);
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().create();
        return gson.toJson(o) + "\n";
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
        JsonObject o;
        try {
            JsonElement root = JsonParser.parseString(text);
            if (!root.isJsonObject()) {
                throw new DataException(shown + ": not a JSON object");
            }
            o = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new DataException(shown + ": not valid JSON (" + DataException.reason(e) + ")");
        }
        String peftType = string(o, "peft_type", shown);
        if (!"LORA".equals(peftType)) {
            throw new DataException(shown + ": peft_type is " + peftType + ", not LORA");
        }
        int r = (int) number(o, "r", shown, true);
        float alpha = (float) number(o, "lora_alpha", shown, false);
        boolean rsLora = bool(o, "use_rslora", shown, false);
        float dropout = o.has("lora_dropout") ? (float) number(o, "lora_dropout", shown, false) : 0f;
        if (o.has("fan_in_fan_out") && bool(o, "fan_in_fan_out", shown, false)) {
            throw new DataException(shown + ": fan_in_fan_out true is not supported");
        }
        JsonElement t = o.get("target_modules");
        if (t == null || !t.isJsonArray()) {
            throw new DataException(shown + ": target_modules is missing or not a list of module names");
        }
        List<String> targets = new ArrayList<>();
        for (JsonElement e : t.getAsJsonArray()) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new DataException(shown + ": target_modules holds " + e + ", not a module name");
            }
            targets.add(e.getAsString());
        }
        Map<String, String> notes = new TreeMap<>();
        JsonElement lb = o.get("lorabench");
        if (lb != null && lb.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : lb.getAsJsonObject().entrySet()) {
                if (e.getValue().isJsonPrimitive()) {
                    notes.put(e.getKey(), e.getValue().getAsString());
                }
            }
        }
        try {
            new LoraConfig(r, alpha, rsLora, dropout);
        } catch (IllegalArgumentException e) {
            throw new DataException(shown + ": " + e.getMessage());
        }
        return new AdapterConfig(r, alpha, rsLora, dropout, targets, notes);
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
        LoraConfig model = sharedConfig(adapters);
        if (file.r() != model.rank()) {
            throw new DataException(shownConfig + ": rank r=" + file.r() + " but the model's adapters have r="
                    + model.rank());
        }
        if (file.alpha() != model.alpha() || file.rsLora() != model.rsLora()) {
            throw new DataException(shownConfig + ": lora_alpha " + file.alpha() + (file.rsLora() ? " (rsLoRA)" : "")
                    + " but the model's adapters use " + model.alpha() + (model.rsLora() ? " (rsLoRA)" : ""));
        }
        Map<String, AdaptedLayer> byModule = new LinkedHashMap<>();
        adapters.layers().forEach(l -> byModule.put(TorchNames.module(l.path()), l));
        if (!new TreeSet<>(file.targetModules()).equals(new TreeSet<>(byModule.keySet()))) {
            throw new DataException(shownConfig + ": target_modules " + new TreeSet<>(file.targetModules())
                    + " do not match the model's adapted layers " + new TreeSet<>(byModule.keySet()));
        }
        try (Safetensors.Reader weights = Safetensors.open(dir.resolve(WEIGHTS))) {
            Map<String, Parameter> expected = new LinkedHashMap<>();
            byModule.forEach((module, layer) -> {
                expected.put(key(module, "lora_A"), layer.layer().loraA());
                expected.put(key(module, "lora_B"), layer.layer().loraB());
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
            if (a.shape().length < 2 || a.shape()[0] != config.r() || b.shape().length < 2 || b.shape()[1] != config.r()) {
                throw new DataException(shown + ": module " + module + " has A " + java.util.Arrays.toString(a.shape())
                        + " and B " + java.util.Arrays.toString(b.shape()) + ", not rank r = " + config.r());
            }
        }
    }

    private static LoraConfig sharedConfig(AdapterSet adapters) {
        if (adapters.layers().isEmpty()) {
            throw new IllegalArgumentException("no adapters to save");
        }
        LoraConfig config = adapters.layers().get(0).layer().config();
        for (AdaptedLayer l : adapters.layers()) {
            if (!l.layer().config().equals(config)) {
                throw new IllegalArgumentException(
                        "PEFT's layout needs one config for all layers, but " + l.path() + " differs");
            }
        }
        return config;
    }

    private static String string(JsonObject o, String name, String shown) throws DataException {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new DataException(shown + ": " + name + " is missing or not a string");
        }
        return e.getAsString();
    }

    private static double number(JsonObject o, String name, String shown, boolean whole) throws DataException {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new DataException(shown + ": " + name + " is missing or not a number");
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v) || (whole && (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE))) {
            throw new DataException(shown + ": " + name + " is " + e + ", not " + (whole ? "a whole number" : "finite"));
        }
        return v;
    }

    private static boolean bool(JsonObject o, String name, String shown, boolean fallback) throws DataException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isBoolean()) {
            throw new DataException(shown + ": " + name + " is " + e + ", not true or false");
        }
        return e.getAsBoolean();
    }
}
