package dev.lorabench.interop;

import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.DropMasks;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.data.DataException;
import dev.lorabench.data.Safetensors;
import dev.lorabench.interop.PeftAdapters.AdapterConfig;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.lora.LoraConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * PEFT adapter folders as plain factors, without a model: read for the adapter algebra
 * ({@code dev.lorabench.analysis.AdapterAlgebra}), and its result saved back in PEFT's layout.
 * Plain LoRA only: DoRA's magnitude vector does not combine (PEFT would re-derive it from a base).
 */
public final class PeftFactors {

    /** Where a combination's DARE masks are saved, next to the adapter (PEFT ignores the file). */
    public static final String MASKS = "dare_masks.safetensors";

    private PeftFactors() {}

    /**
     * A module's tensor shapes as PEFT stores them, e.g. A (r, in, kh, kw) and B (out, r, 1, 1) for
     * a convolution, so factors of another rank are saved in the same layout.
     */
    public record ModuleShape(long[] aShape, long[] bShape) {

        public ModuleShape {
            if (aShape.length < 2 || bShape.length < 2) {
                throw new IllegalArgumentException("A and B need at least 2 dimensions but were "
                        + Arrays.toString(aShape) + " and " + Arrays.toString(bShape));
            }
            aShape = aShape.clone();
            bShape = bShape.clone();
        }

        @Override
        public long[] aShape() {
            return aShape.clone();
        }

        @Override
        public long[] bShape() {
            return bShape.clone();
        }

        long[] aShape(int rank) {
            long[] s = aShape.clone();
            s[0] = rank;
            return s;
        }

        long[] bShape(int rank) {
            long[] s = bShape.clone();
            s[1] = rank;
            return s;
        }
    }

    /** A folder read: its config, its factors (each layer at its own scale) and its tensor shapes. */
    public record Folder(AdapterConfig config, AdapterFactors factors, Map<String, ModuleShape> shapes) {

        public Folder {
            shapes = Map.copyOf(shapes);
        }
    }

    /**
     * Reads an adapter folder: every target module's A and B, with the scale PEFT applies
     * (alpha/r, alpha/√r with rsLoRA, patterns included). The adapter's rank is PEFT's for
     * combining: r, or a larger rank_pattern entry.
     *
     * @throws DataException one line naming the file and the problem (DoRA, a missing or extra tensor)
     */
    public static Folder read(Path dir) throws DataException {
        AdapterConfig config = PeftAdapters.info(dir).config();
        if (config.useDora()) {
            throw new DataException(dir.resolve(PeftAdapters.CONFIG) + ": use_dora is true; DoRA adapters cannot be"
                    + " combined (their magnitude vectors do not add up)");
        }
        return read(dir, config);
    }

    /**
     * Reads an adapter folder as {@link #read} does, DoRA folders too: their factors carry the
     * trained {@code lora_magnitude_vector}s (for analysis, e.g. DoRA's W_ft − W; not for combining).
     */
    public static Folder readWithMagnitudes(Path dir) throws DataException {
        return read(dir, PeftAdapters.info(dir).config());
    }

    private static Folder read(Path dir, AdapterConfig config) throws DataException {
        String shown = dir.resolve(PeftAdapters.WEIGHTS).toString();
        Map<String, LoraFactors> layers = new LinkedHashMap<>();
        Map<String, ModuleShape> shapes = new LinkedHashMap<>();
        Set<String> expected = new HashSet<>();
        try (Safetensors.Reader weights = Safetensors.open(dir.resolve(PeftAdapters.WEIGHTS))) {
            for (String module : config.targetModules()) {
                String aKey = PeftAdapters.key(module, "lora_A");
                String bKey = PeftAdapters.key(module, "lora_B");
                expected.add(aKey);
                expected.add(bKey);
                Safetensors.Tensor a = weights.read(aKey);
                Safetensors.Tensor b = weights.read(bKey);
                int rank = (int) a.shape()[0];
                int out = (int) b.shape()[0];
                LoraConfig lc = config.loraConfigFor(module);
                double scale = lc.rsLora() ? lc.alpha() / Math.sqrt(lc.rank()) : (double) lc.alpha() / lc.rank();
                float[] magnitude = null;
                if (config.useDora()) {
                    String mKey = PeftAdapters.magnitudeKey(module);
                    expected.add(mKey);
                    magnitude = weights.read(mKey).values();
                }
                layers.put(module, new LoraFactors(Matrix.ofFloats(rank, a.values().length / rank, a.values()),
                        Matrix.ofFloats(out, rank, b.values()), scale, magnitude));
                shapes.put(module, new ModuleShape(a.shape(), b.shape()));
            }
            Set<String> extra = weights.namesNotIn(expected);
            if (!extra.isEmpty()) {
                throw new DataException(shown + ": unexpected tensor " + extra.iterator().next()
                        + "; only lora_A and lora_B of the target modules combine");
            }
        }
        int rank = config.rankPattern().values().stream().mapToInt(Integer::intValue).reduce(config.r(), Math::max);
        try {
            return new Folder(config, new AdapterFactors(layers, rank), shapes);
        } catch (IllegalArgumentException e) {
            throw new DataException(shown + ": " + e.getMessage());
        }
    }

    /**
     * Saves factors as a PEFT folder: per module A and B in {@code shapes}' layout with the rank
     * replaced, and alpha = |scale|·rank (use_rslora false; a negative scale goes into B), with
     * rank_pattern / alpha_pattern for the modules that differ from the first.
     *
     * @param notes entries for the config's {@code lorabench} object (e.g. how it was combined)
     */
    public static void save(Path dir, AdapterFactors adapter, Map<String, ModuleShape> shapes,
            Map<String, String> notes) throws IOException {
        Map<String, Safetensors.Tensor> tensors = new TreeMap<>();
        Map<String, Integer> ranks = new TreeMap<>();
        Map<String, Float> alphas = new TreeMap<>();
        int firstRank = -1;
        float firstAlpha = 0;
        for (Map.Entry<String, LoraFactors> e : adapter.layers().entrySet()) {
            String module = e.getKey();
            LoraFactors f = e.getValue();
            ModuleShape shape = shapes.get(module);
            if (shape == null) {
                throw new IllegalArgumentException("no tensor shape for module " + module);
            }
            int rank = f.rank();
            Matrix b = f.scale() < 0 ? f.b().scale(-1) : f.scale() == 0 ? f.b().scale(0) : f.b();
            double scale = f.scale() == 0 ? 1 : Math.abs(f.scale());
            float alpha = (float) (scale * rank);
            tensors.put(PeftAdapters.key(module, "lora_A"), new Safetensors.Tensor(shape.aShape(rank), f.a().toFloats()));
            tensors.put(PeftAdapters.key(module, "lora_B"), new Safetensors.Tensor(shape.bShape(rank), b.toFloats()));
            if (firstRank < 0) {
                firstRank = rank;
                firstAlpha = alpha;
            }
            if (rank != firstRank) {
                ranks.put(module, rank);
            }
            if (alpha != firstAlpha) {
                alphas.put(module, alpha);
            }
        }
        AdapterConfig config = new AdapterConfig(firstRank, firstAlpha, false, 0f,
                List.copyOf(adapter.layers().keySet()), notes, false, ranks, alphas);
        Files.createDirectories(dir);
        Safetensors.write(dir.resolve(PeftAdapters.WEIGHTS), tensors, Map.of("format", "pt"));
        AtomicWrite.writeString(dir.resolve(PeftAdapters.CONFIG), PeftConfigJson.write(config));
    }

    /** Saves DARE masks, one F32 0/1 tensor per site, keyed {@code <layer>.<part>.<adapter>}. */
    public static void saveMasks(Path file, Map<DropMasks.Site, Matrix> masks) throws IOException {
        Map<String, Safetensors.Tensor> tensors = new TreeMap<>();
        masks.forEach((site, m) -> tensors.put(site.key(), Safetensors.Tensor.of(m.toFloats(), m.rows(), m.cols())));
        Safetensors.write(file, tensors, Map.of());
    }

    /** Reads masks saved by {@link #saveMasks} or recorded from PEFT by tools/peft_combine_check.py. */
    public static Map<DropMasks.Site, Matrix> readMasks(Path file) throws DataException {
        Map<DropMasks.Site, Matrix> out = new LinkedHashMap<>();
        String shown = file.toString();
        for (Map.Entry<String, Safetensors.Tensor> e : Safetensors.readAll(file).entrySet()) {
            DropMasks.Site site;
            try {
                site = DropMasks.Site.ofKey(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new DataException(shown + ": " + ex.getMessage());
            }
            long[] shape = e.getValue().shape();
            float[] v = e.getValue().values();
            if (shape.length != 2) {
                throw new DataException(shown + ": mask " + e.getKey() + " has shape " + Arrays.toString(shape)
                        + "; masks are matrices (rows x cols)");
            }
            for (float x : v) {
                if (x != 0 && x != 1) {
                    throw new DataException(shown + ": mask " + e.getKey() + " holds " + x + "; masks hold only 0 and 1");
                }
            }
            out.put(site, Matrix.ofFloats((int) shape[0], (int) shape[1], v));
        }
        return out;
    }
}
