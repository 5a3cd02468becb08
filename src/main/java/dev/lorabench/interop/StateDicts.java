package dev.lorabench.interop;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorabench.data.DataException;
import dev.lorabench.data.Safetensors;
import dev.lorabench.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Base model weights as a PyTorch state dict in safetensors: parameter names as the equivalent
 * PyTorch model has them ({@code 0.weight}, {@code layer1.0.bn1.running_var}, ...), F32.
 */
public final class StateDicts {

    /** Metadata keys written beside the tensors. */
    public static final String ARCHITECTURE = "lorabench.architecture";
    public static final String INPUT = "lorabench.input";
    public static final String OUTPUTS = "lorabench.outputs";

    private StateDicts() {}

    /** The block's parameters by PyTorch name, as F32 tensors. */
    public static Map<String, Safetensors.Tensor> tensors(Block block) {
        Map<String, Safetensors.Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Parameter> e : TorchNames.parameters(block).entrySet()) {
            out.put(e.getKey(), Tensors.of(e.getValue()));
        }
        return out;
    }

    /** Describes the model a file fits, for its metadata. */
    public static Map<String, String> metadata(ModelSpec spec) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put(ARCHITECTURE, spec.architecture().id());
        m.put(INPUT, spec.channels() + "x" + spec.height() + "x" + spec.width());
        m.put(OUTPUTS, Integer.toString(spec.outputs()));
        return m;
    }

    private static String describe(Map<String, String> m) {
        return m.getOrDefault(ARCHITECTURE, "?") + " " + m.getOrDefault(INPUT, "?") + "->"
                + m.getOrDefault(OUTPUTS, "?");
    }

    /** Writes the block's base parameters to {@code file}. */
    public static void export(Block block, ModelSpec spec, Path file) throws IOException {
        Safetensors.write(file, tensors(block), metadata(spec));
    }

    /** The state-dict names of the model's output layer (its last linear layer). */
    private static Set<String> headNames(Block block) {
        String last = null;
        for (Map.Entry<String, Block> e : dev.lorabench.lora.LoraInjector.layers(block).entrySet()) {
            if (e.getValue() instanceof ai.djl.nn.core.Linear) {
                last = e.getKey();
            }
        }
        if (last == null) {
            return Set.of();
        }
        String module = TorchNames.module(last);
        return new java.util.HashSet<>(Set.of(module + ".weight", module + ".bias"));
    }

    /** Loads a state dict file into an initialised block. */
    public static void load(Path file, Block block) throws DataException {
        try (Safetensors.Reader reader = Safetensors.open(file)) {
            load(reader, block);
        }
    }

    /**
     * Loads a validated state dict into an initialised block. Every tensor is checked before any
     * parameter changes; BatchNorm's {@code num_batches_tracked} counters are ignored.
     *
     * @throws DataException naming the file and the first tensor that is missing, extra, of the
     *     wrong shape or not floating point
     */
    public static void load(Safetensors.Reader reader, Block block) throws DataException {
        load(reader, block, null);
    }

    /**
     * As {@link #load(Safetensors.Reader, Block)}, first refusing a file whose lorabench metadata
     * names another model than {@code spec} (files without that metadata are checked by shape).
     */
    public static void load(Safetensors.Reader reader, Block block, ModelSpec spec) throws DataException {
        load(reader, block, spec, false);
    }

    /**
     * As {@link #load(Safetensors.Reader, Block, ModelSpec)}; with {@code newHead} the output layer
     * (the model's last linear layer) is left as initialised when the file's differs in shape, so
     * weights trained for another number of classes (a torchvision ResNet-18 with 1000) can be the
     * base of a model for this dataset's classes.
     */
    public static void load(Safetensors.Reader reader, Block block, ModelSpec spec, boolean newHead)
            throws DataException {
        Set<String> head = newHead ? headNames(block) : Set.of();
        if (spec != null) {
            Map<String, String> want = metadata(spec);
            for (String k : newHead ? new String[] {ARCHITECTURE, INPUT} : new String[] {ARCHITECTURE, INPUT, OUTPUTS}) {
                String have = reader.metadata().get(k);
                if (have != null && !have.equals(want.get(k))) {
                    throw new DataException(reader.shown() + ": weights are for " + describe(reader.metadata())
                            + " but the run uses " + describe(want));
                }
            }
        }
        Map<String, Parameter> params = new java.util.LinkedHashMap<>(TorchNames.parameters(block));
        for (String name : head) {
            Safetensors.Entry entry = reader.entries().get(name);
            if (entry != null && !java.util.Arrays.equals(entry.shape(), params.get(name).getArray().getShape().getShape())) {
                params.remove(name); // keep the fresh head
            }
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Tensors.check(reader, e.getKey(), e.getValue());
        }
        Set<String> extra = reader.namesNotIn(params.keySet());
        extra.removeAll(head);
        extra.removeIf(n -> n.endsWith("num_batches_tracked"));
        if (!extra.isEmpty()) {
            throw new DataException(reader.shown() + ": unexpected tensor " + extra.iterator().next()
                    + (extra.size() > 1 ? " (and " + (extra.size() - 1) + " more)" : "")
                    + "; the model has no such parameter");
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Tensors.copy(reader, e.getKey(), e.getValue());
        }
    }
}
