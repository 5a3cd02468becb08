package dev.lorabench.cli;

import dev.lorabench.data.DataException;
import dev.lorabench.io.AtomicWrite;
import dev.lorabench.io.OutputCheck;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import dev.lorabench.train.RunArtifacts;
import dev.lorabench.train.RunInspector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code run --save-adapters} and {@code --export-base-safetensors} write once the run is
 * done, from its artifacts through the same export the GUI uses ({@link RunInspector}): {@code
 * base.safetensors}, {@code adapters/<variant>/} in PEFT's layout (and {@code
 * adapters/<variant>-companion/} for each companion adapter of a task pair, ADR 0029), and {@code
 * check/inputs.safetensors} + {@code check/logits.safetensors} (a few test rows and lorabench's
 * outputs for them) so that {@code tools/peft_check.py} can prove the files in PyTorch.
 */
final class RunExports {

    static final String BASE_SAFETENSORS = "base.safetensors";
    static final int CHECK_ROWS = 8;
    static final String CHECK_DIR = "check";
    static final String CHECK_INPUTS = "inputs.safetensors";
    static final String CHECK_LOGITS = "logits.safetensors";
    /** Appended to a variant's name for the folder of its companion adapter. */
    static final String COMPANION_SUFFIX = "-companion";

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
     * with these adapter folders ({@link #folders}).
     */
    void checkOutputs(List<String> adapterFolders) {
        if (!isActive()) {
            return;
        }
        String option = adapters ? "--save-adapters" : "--export-base-safetensors";
        OutputCheck.file(option, dir.resolve(BASE_SAFETENSORS));
        if (adapters) {
            OutputCheck.folder(option, dir.resolve("adapters"));
            for (String folder : adapterFolders) {
                OutputCheck.folder(option, AtomicWrite.inside(dir, "adapters", folder));
            }
            OutputCheck.folder(option, dir.resolve(CHECK_DIR), CHECK_INPUTS, CHECK_LOGITS);
        }
    }

    /**
     * The adapter folders a run of {@code plan} may write: each LoRA variant's, and with a
     * companion task each plain LoRA variant's companion folder (the variants ADR 0029's pass
     * fine-tunes again).
     */
    static List<String> folders(ExperimentPlan plan) {
        List<String> folders = new ArrayList<>();
        List<String> companions = new ArrayList<>();
        for (Variant v : plan.variants()) {
            if (v instanceof LoraVariant l) {
                folders.add(l.name());
                if (plan.finetune().companion().isPresent() && l.method().addsToFrozenBase()) {
                    companions.add(l.name() + COMPANION_SUFFIX);
                }
            }
        }
        folders.addAll(companions);
        return folders;
    }

    /**
     * Writes the exports of a finished run; returns what was written. A variant that diverged has
     * no trained adapter in the artifacts and gets no folder, nor does a companion fine-tune that
     * diverged.
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
            for (LoraVariant variant : run.companionFactors().keySet()) {
                String folder = variant.name() + COMPANION_SUFFIX;
                RunInspector.saveCompanion(run, variant, AtomicWrite.inside(dir, "adapters", folder));
                written.add("adapters/" + folder + "/");
            }
            Path check = dir.resolve(CHECK_DIR);
            RunInspector.saveCheck(run, CHECK_ROWS, check.resolve(CHECK_INPUTS), check.resolve(CHECK_LOGITS));
            written.add("check/");
        }
        return written;
    }
}
