package dev.lorabench.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.lorabench.io.Sha256;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.model.TorchInit;
import dev.lorabench.plan.ExperimentPlan;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that decides the bytes of a base trained from scratch, and nothing else (ADR 0025):
 * the model, the exact training rows (by content), the initial draw's seed and scheme, the fit
 * (epochs, batch size, learning rate, the batch order's seed, optimizer) and the code and engine
 * that train it. Its {@link #key()}, the SHA-256 of {@link #json()}, names the base in the cache.
 *
 * <p>Fine-tune settings, the test limit, variants and the run's output are not in it: they do not
 * change the base, so changing them reuses it.
 *
 * @param dataset the base's dataset as the plan names it (shown by {@code cache list})
 * @param dataSha256 {@link #digest(Samples)} of the base's training rows after limits and
 *     standardisation: what the first step sees, whatever source it came from
 * @param rows the number of those rows
 * @param threads the engine's intra-op threads while the base trains (a reduction split another
 *     way may round differently)
 */
record BaseRecipe(
        String architecture, int channels, int height, int width, int outputs,
        String dataset, String dataSha256, int rows, boolean regression,
        long seed, int epochs, int batchSize, float lr, String optimizer, String init,
        String lorabench, String djl, String engine, String engineVersion, int threads) {

    /** The recipe's own format: bump it when a field's meaning changes, so old entries are missed. */
    static final String FORMAT = "lorabench.base-recipe/1";

    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

    /**
     * The recipe of the plan's base, trained on {@code data}'s training rows with {@code options};
     * null when the base is loaded from a file (a file is its own cache).
     */
    static BaseRecipe of(ExperimentPlan plan, TaskData data, FitOptions options, RunEnvironment env) {
        if (plan.base().file() != null || plan.base().epochs() < 1) {
            return null;
        }
        ModelSpec spec = data.spec();
        return new BaseRecipe(spec.architecture().id(), spec.channels(), spec.height(), spec.width(),
                spec.outputs(), plan.baseDataset().id(), digest(data.train()), data.train().count(),
                data.isRegression(), plan.seed(), plan.base().epochs(), plan.batchSize(), plan.lr(),
                options.optimizer().name(), TorchInit.SCHEME,
                env.lorabench(), env.djl(), env.engine(), env.engineVersion(), env.threads());
    }

    /** Canonical JSON: one object, keys sorted, no white space, numbers as Java prints them. */
    String json() {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("format", FORMAT);
        fields.put("architecture", architecture);
        fields.put("channels", channels);
        fields.put("height", height);
        fields.put("width", width);
        fields.put("outputs", outputs);
        fields.put("dataset", dataset);
        fields.put("dataSha256", dataSha256);
        fields.put("rows", rows);
        fields.put("regression", regression);
        fields.put("seed", seed);
        fields.put("epochs", epochs);
        fields.put("batchSize", batchSize);
        fields.put("lr", lr);
        fields.put("optimizer", optimizer);
        fields.put("init", init);
        fields.put("lorabench", lorabench);
        fields.put("djl", djl);
        fields.put("engine", engine);
        fields.put("engineVersion", engineVersion);
        fields.put("threads", threads);
        JsonObject o = new JsonObject();
        fields.forEach((name, value) -> {
            if (value instanceof Number n) {
                o.addProperty(name, n);
            } else if (value instanceof Boolean b) {
                o.addProperty(name, b);
            } else {
                o.addProperty(name, (String) value);
            }
        });
        return COMPACT.toJson(o);
    }

    /** The cache key: SHA-256 of {@link #json()} in UTF-8 (what {@code sha256sum recipe.json} prints). */
    String key() {
        MessageDigest digest = Sha256.newDigest();
        digest.update(json().getBytes(StandardCharsets.UTF_8));
        return Sha256.hex(digest);
    }

    /**
     * SHA-256 of rows as the engine gets them: row and feature counts, every input's IEEE bits
     * (little-endian), then the labels, or the regression targets and their width.
     */
    static String digest(Samples rows) {
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(rows.count()).putInt(rows.features()).putInt(rows.isRegression() ? rows.targetWidth() : -1);
        digest.update(head.array());
        floats(digest, rows.x());
        if (rows.isRegression()) {
            floats(digest, rows.targets());
        } else {
            ByteBuffer buffer = ByteBuffer.allocate(rows.labels().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asIntBuffer().put(rows.labels());
            digest.update(buffer.array());
        }
        return Sha256.hex(digest);
    }

    private static void floats(MessageDigest digest, float[] values) {
        // In chunks: MNIST's inputs are 188 MB as floats, no second copy of them at once.
        int chunk = 1 << 16;
        ByteBuffer buffer = ByteBuffer.allocate(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += chunk) {
            int n = Math.min(chunk, values.length - from);
            buffer.clear();
            buffer.asFloatBuffer().put(values, from, n);
            digest.update(buffer.array(), 0, n * 4);
        }
    }
}
