package dev.lorabench.cli;

import dev.lorabench.train.RunEnvironments;
import picocli.CommandLine.Command;

/** The top-level command: lists the subcommands. Without arguments the launcher opens the GUI. */
@Command(
        name = "lorabench",
        mixinStandardHelpOptions = true,
        versionProvider = LorabenchCommand.Version.class,
        description = {
            "LoRA Workbench: train a base network, fine-tune LoRA adapters of any rank and method",
            "side by side, compare losses and per-class errors.",
            "Run without arguments to open the workbench window."
        },
        subcommands = {RunCommand.class, RunsCommand.class, DataCommand.class, CacheCommand.class, AdapterCommand.class,
            AnalyseCommand.class, DoctorCommand.class})
public final class LorabenchCommand extends CommandGroup {

    /** Reads the version from the jar manifest. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lorabench " + RunEnvironments.lorabenchVersion()};
        }
    }
}
