package dev.lorabench.cli;

import dev.lorabench.data.DataException;
import dev.lorabench.interop.PeftAdapters;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lorabench adapter}: inspect adapter folders in PEFT's layout. */
@Command(name = "adapter", mixinStandardHelpOptions = true,
        description = "Inspect and combine LoRA adapter folders (PEFT layout, as run --save-adapters writes them).",
        subcommands = {AdapterCommand.Info.class, AdapterCombine.class})
final class AdapterCommand extends CommandGroup {

    /** {@code lorabench adapter info DIR}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print rank, alpha, target modules, tensor shapes and the trainable count.")
    static final class Info implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "folder with adapter_config.json and adapter_model.safetensors")
        Path dir;

        @Override
        public Integer call() throws DataException {
            PeftAdapters.Info info = PeftAdapters.info(dir);
            PeftAdapters.AdapterConfig c = info.config();
            PrintWriter w = spec.commandLine().getOut();
            w.printf("adapter  %s%n", dir);
            w.printf("r        %d%n", c.r());
            w.printf("alpha    %s%s (scale %s)%n", fmt(c.alpha()), c.rsLora() ? ", rsLoRA" : "",
                    fmt(c.loraConfig().scale()));
            w.printf("dropout  %s%n", fmt(c.dropout()));
            w.printf("targets  %s%n", String.join(", ", c.targetModules()));
            c.lorabench().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> w.printf("%-8s %s%n", e.getKey(), e.getValue()));
            w.println("tensors");
            for (PeftAdapters.TensorInfo t : info.tensors()) {
                w.printf("  %-50s %-4s %-16s %,d%n", t.key(), t.dtype(), Arrays.toString(t.shape()), t.count());
            }
            w.printf("trainable %,d%n", info.trainable());
            w.flush();
            return ExitCodes.OK;
        }

        private static String fmt(float v) {
            return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
        }
    }
}
