package dev.lorabench.interop;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.lorabench.data.DataException;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.PlanField;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's plan read back from run.json's {@code config}, which {@link PlanField} wrote (one entry
 * per key of each field, typed as the field's value): so that a saved run's test set can be
 * rebuilt (e.g. to evaluate an adapter on it). A key that is missing or null keeps the default.
 */
public final class RunPlanJson {

    private RunPlanJson() {}

    /**
     * The plan of the run record {@code file}.
     *
     * @throws DataException one line naming the file and the field that does not read
     */
    public static ExperimentPlan read(Path file) throws DataException {
        String shown = file.toString();
        JsonObject root = RunFolder.readRecord(file, "config");
        if (!root.get("config").isJsonObject()) {
            throw new DataException(shown + ": not a lorabench run record (no config)");
        }
        JsonObject config = root.getAsJsonObject("config");
        ExperimentPlan.Builder b = ExperimentPlan.builder();
        for (PlanField f : PlanField.values()) {
            try {
                Object value = value(f, config);
                if (value != null) {
                    f.apply(b, value);
                }
            } catch (PlanException | IllegalStateException | ClassCastException | NumberFormatException
                    | UnsupportedOperationException e) {
                throw new DataException(shown + ": config " + f.jsonKeys() + " does not read (" + e.getMessage() + ")");
            }
        }
        try {
            return b.build();
        } catch (PlanException e) {
            throw new DataException(shown + ": config does not make a plan (" + e.getMessage() + ")");
        }
    }

    /** The field's value from its keys, of its type; null when a key is missing or null. */
    private static Object value(PlanField f, JsonObject config) {
        List<String> keys = f.jsonKeys();
        if (keys.size() > 1) {
            List<Object> values = new ArrayList<>();
            for (String key : keys) {
                JsonElement e = config.get(key);
                if (e == null || e.isJsonNull()) {
                    return null;
                }
                values.add(scalar(f.element(), e));
            }
            return values;
        }
        JsonElement e = config.get(keys.get(0));
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (f.type() == List.class) {
            List<Object> values = new ArrayList<>();
            JsonArray array = e.getAsJsonArray();
            array.forEach(x -> values.add(scalar(f.element(), x)));
            return values;
        }
        return scalar(f.type(), e);
    }

    private static Object scalar(Class<?> type, JsonElement e) {
        if (type == Integer.class) {
            return e.getAsInt();
        } else if (type == Long.class) {
            return e.getAsLong();
        } else if (type == Float.class) {
            return e.getAsFloat();
        } else if (type == Double.class) {
            return e.getAsDouble();
        } else if (type == Boolean.class) {
            return e.getAsBoolean();
        } else if (type == Path.class) {
            return Path.of(e.getAsString());
        } else if (type == String.class) {
            return e.getAsString();
        }
        throw new IllegalStateException("no reader for a field of type " + type.getSimpleName());
    }
}
