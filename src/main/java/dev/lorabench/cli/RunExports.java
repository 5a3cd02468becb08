package dev.lorabench.cli;

import dev.lorabench.data.AtomicWrite;
import dev.lorabench.data.OutputCheck;

import ai.djl.nn.Block;
import dev.lorabench.data.Safetensors;
import dev.lorabench.interop.Logits;
import dev.lorabench.interop.PeftAdapters;
import dev.lorabench.interop.StateDicts;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.train.ModelSink;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code run --save-adapters} and {@code --export-base-safetensors} write while the models
 * are live: {@code base.safetensors}, {@code adapters/<variant>/} in PEFT's layout, and {@code
 * check/inputs.safetensors} + {@code check/logits.safetensors} (a few test rows and lorabench's
 * outputs for them) so that {@code tools/peft_check.py} can prove the files in PyTorch.
 */
final class RunExports implements ModelSink {

    static final String BASE_SAFETENSORS = "base.safetensors";
    static final int CHECK_ROWS = 8;
    static final String CHECK_DIR = "check";
    static final String CHECK_INPUTS = "inputs.safetensors";
    static final String CHECK_LOGITS = "logits.safetensors";

    private final Path dir;
    private final boolean adapters;
    private final boolean base;
    private final List<String> written = new ArrayList<>();
    private final Map<String, Safetensors.Tensor> logits = new TreeMap<>();
    private Safetensors.Tensor inputs;
    private ModelSpec spec;

    RunExports(Path dir, boolean adapters, boolean base) {
        this.dir = dir;
        this.adapters = adapters;
        this.base = base;
    }

    boolean isActive() {
        return adapters || base;
    }

    /**
     * Refuses, before any work, the files and folders this export could not write for a run
     * with these LoRA variants.
     */
    void checkOutputs(List<String> loraVariants) {
        if (!isActive()) {
            return;
        }
        String option = adapters ? "--save-adapters" : "--export-base-safetensors";
        OutputCheck.file(option, dir.resolve(BASE_SAFETENSORS));
        if (adapters) {
            OutputCheck.folder(option, dir.resolve("adapters"));
            for (String variant : loraVariants) {
                OutputCheck.folder(option, AtomicWrite.inside(dir, "adapters", variant));
            }
            OutputCheck.folder(option, dir.resolve(CHECK_DIR), CHECK_INPUTS, CHECK_LOGITS);
        }
    }

    @Override
    public void baseReady(ModelSpec spec, Block block, float[] testInputs) throws IOException {
        this.spec = spec;
        if (!isActive()) {
            return;
        }
        StateDicts.export(block, spec, dir.resolve(BASE_SAFETENSORS));
        written.add(BASE_SAFETENSORS);
        if (adapters) {
            int features = spec.inputSize();
            int rows = Math.min(CHECK_ROWS, testInputs.length / features);
            inputs = Safetensors.Tensor.of(Arrays.copyOf(testInputs, rows * features), rows, features);
            logits.put("base", outputs(block));
        }
    }

    @Override
    public void variantTuned(Variant variant, ModelSpec spec, Block model, AdapterSet set) throws IOException {
        if (!adapters || !(variant instanceof LoraVariant) || set == null) {
            return;
        }
        Map<String, String> notes = new LinkedHashMap<>();
        StateDicts.metadata(spec).forEach((k, v) -> {
            if (k.startsWith("lorabench.")) {
                notes.put(k.substring("lorabench.".length()), v);
            }
        });
        notes.put("variant", variant.name());
        PeftAdapters.save(set, AtomicWrite.inside(dir, "adapters", variant.name()), notes);
        written.add("adapters/" + variant.name() + "/");
        logits.put(variant.name(), outputs(model));
    }

    private Safetensors.Tensor outputs(Block block) {
        long rows = inputs.shape()[0];
        float[] out = Logits.of(block, inputs.values(), (int) rows, (int) inputs.shape()[1]);
        return Safetensors.Tensor.of(out, rows, out.length / rows);
    }

    /** Writes the check files once every variant is done; returns what was written. */
    List<String> finish() throws IOException {
        if (adapters && inputs != null) {
            Map<String, String> meta = StateDicts.metadata(spec);
            Safetensors.write(dir.resolve(CHECK_DIR).resolve(CHECK_INPUTS), Map.of("inputs", inputs), meta);
            Safetensors.write(dir.resolve(CHECK_DIR).resolve(CHECK_LOGITS), logits, meta);
            written.add("check/");
        }
        return written;
    }
}
