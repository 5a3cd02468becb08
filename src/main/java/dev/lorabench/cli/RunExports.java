package dev.lorabench.cli;

import dev.lorabench.data.DataException;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.io.OutputCheck;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.train.RunArtifacts;
import dev.lorabench.train.RunInspector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code run --save-adapters} and {@code --export-base-safetensors} write once the run is
 * done, from its artifacts through the same export the GUI uses ({@link RunInspector}): {@code
 * base.safetensors}, {@code adapters/<variant>/} in PEFT's layout, and {@code
 * check/inputs.safetensors} + {@code check/logits.safetensors} (a few test rows and lorabench's
 * outputs for them) so that {@code tools/peft_check.py} can prove the files in PyTorch.
 */
final class RunExports {

    static final String BASE_SAFETENSORS = "base.safetensors";
    static final int CHECK_ROWS = 8;
    static final String CHECK_DIR = "check";
    static final String CHECK_INPUTS = "inputs.safetensors";
    static final String CHECK_LOGITS = "logits.safetensors";

    private final Path dir;
    private final boolean adapters;
    private final boolean base;

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

    /**
     * Writes the exports of a finished run; returns what was written. A variant that diverged has
     * no trained adapter in the artifacts and gets no folder.
     */
    List<String> write(RunArtifacts run) throws IOException, DataException {
        List<String> written = new ArrayList<>();
        if (!isActive()) {
            return written;
        }
        RunInspector.saveBaseStateDict(run, dir.resolve(BASE_SAFETENSORS));
        written.add(BASE_SAFETENSORS);
        if (adapters) {
            for (LoraVariant variant : run.factors().keySet()) {
                RunInspector.saveAdapter(run, variant, AtomicWrite.inside(dir, "adapters", variant.name()));
                written.add("adapters/" + variant.name() + "/");
            }
            Path check = dir.resolve(CHECK_DIR);
            RunInspector.saveCheck(run, CHECK_ROWS, check.resolve(CHECK_INPUTS), check.resolve(CHECK_LOGITS));
            written.add("check/");
        }
        return written;
    }
}
