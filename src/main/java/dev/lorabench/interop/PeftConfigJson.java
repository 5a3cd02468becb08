package dev.lorabench.interop;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.lorabench.data.DataException;
import dev.lorabench.interop.PeftAdapters.AdapterConfig;
import dev.lorabench.lora.LoraConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code adapter_config.json}: PEFT's LoRA fields written and read, one-line errors naming the field. */
final class PeftConfigJson {

    private PeftConfigJson() {}

    /** The config JSON; rank_pattern / alpha_pattern list the modules that differ from r / lora_alpha. */
    static String write(AdapterConfig c) {
        JsonObject o = new JsonObject();
        o.addProperty("peft_type", "LORA");
        o.add("task_type", JsonNull.INSTANCE);
        o.addProperty("r", c.r());
        o.addProperty("lora_alpha", c.alpha());
        JsonArray targets = new JsonArray();
        new TreeSet<>(c.targetModules()).forEach(targets::add);
        o.add("target_modules", targets);
        o.addProperty("use_rslora", c.rsLora());
        o.addProperty("use_dora", c.useDora());
        JsonObject ranks = new JsonObject();
        new TreeMap<>(c.rankPattern()).forEach(ranks::addProperty);
        o.add("rank_pattern", ranks);
        JsonObject alphas = new JsonObject();
        new TreeMap<>(c.alphaPattern()).forEach(alphas::addProperty);
        o.add("alpha_pattern", alphas);
        o.addProperty("lora_dropout", c.dropout());
        o.addProperty("bias", "none");
        o.addProperty("fan_in_fan_out", false);
        o.add("base_model_name_or_path", JsonNull.INSTANCE);
        o.addProperty("inference_mode", true);
        // PiSSA/OLoRA are saved converted to plain LoRA on the original base (PeftExport), whose
        // initialisation no longer matters: PEFT must not decompose the base again on loading.
        o.addProperty("init_lora_weights", true);
        o.add("modules_to_save", JsonNull.INSTANCE);
        JsonObject lb = new JsonObject();
        new TreeMap<>(c.lorabench()).forEach(lb::addProperty);
        o.add("lorabench", lb);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o) + "\n";
    }

    /** Parses and checks the config text of file {@code shown}. */
    static AdapterConfig read(String text, String shown) throws DataException {
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
        boolean useDora = bool(o, "use_dora", shown, false);
        float dropout = o.has("lora_dropout") ? (float) number(o, "lora_dropout", shown, false) : 0f;
        if (o.has("fan_in_fan_out") && bool(o, "fan_in_fan_out", shown, false)) {
            throw new DataException(shown + ": fan_in_fan_out true is not supported");
        }
        JsonElement init = o.get("init_lora_weights");
        if (init != null && !init.isJsonNull() && !(init.isJsonPrimitive() && init.getAsJsonPrimitive().isBoolean())
                && !"gaussian".equals(init.getAsString())) {
            throw new DataException(shown + ": init_lora_weights is " + init + "; only adapters on the original base"
                    + " load (PEFT converts PiSSA/OLoRA with path_initial_model_for_weight_conversion)");
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
        Map<String, Integer> ranks = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : object(o, "rank_pattern", shown).entrySet()) {
            ranks.put(e.getKey(), (int) number(e.getValue(), "rank_pattern." + e.getKey(), shown, true));
        }
        Map<String, Float> alphas = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : object(o, "alpha_pattern", shown).entrySet()) {
            alphas.put(e.getKey(), (float) number(e.getValue(), "alpha_pattern." + e.getKey(), shown, false));
        }
        Map<String, String> notes = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : object(o, "lorabench", shown).entrySet()) {
            if (e.getValue().isJsonPrimitive()) {
                notes.put(e.getKey(), e.getValue().getAsString());
            }
        }
        AdapterConfig config = new AdapterConfig(r, alpha, rsLora, dropout, targets, notes, useDora, ranks, alphas);
        try {
            for (String module : targets) {
                config.loraConfigFor(module);
            }
            config.loraConfig();
        } catch (IllegalArgumentException e) {
            throw new DataException(shown + ": " + e.getMessage());
        }
        return config;
    }

    private static JsonObject object(JsonObject o, String name, String shown) throws DataException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return new JsonObject();
        }
        if (!e.isJsonObject()) {
            throw new DataException(shown + ": " + name + " is " + e + ", not an object");
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String name, String shown) throws DataException {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new DataException(shown + ": " + name + " is missing or not a string");
        }
        return e.getAsString();
    }

    private static double number(JsonObject o, String name, String shown, boolean whole) throws DataException {
        return number(o.get(name), name, shown, whole);
    }

    private static double number(JsonElement e, String name, String shown, boolean whole) throws DataException {
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
