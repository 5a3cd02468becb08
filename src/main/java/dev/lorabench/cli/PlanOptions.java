package dev.lorabench.cli;

import dev.lorabench.plan.PlanField;
import java.util.List;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds one option per {@link PlanField} to {@code lorabench run}: names, help, types and
 * parameter labels all come from the plan table, so a new plan field needs no CLI code.
 */
public final class PlanOptions implements IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (PlanField f : PlanField.values()) {
            spec.addOption(option(f));
        }
        return spec;
    }

    static OptionSpec option(PlanField f) {
        OptionSpec.Builder o = OptionSpec.builder(f.cliName());
        if (f.type() == List.class) {
            o.type(List.class).auxiliaryTypes(f.element()).splitRegex(",");
        } else if (f.type() == Boolean.class && !f.negatable()) {
            // A plain switch: present or not.
            o.type(boolean.class).arity("0");
        } else if (f.type() == Boolean.class) {
            o.type(Boolean.class).arity("0").negatable(true);
        } else {
            o.type(f.type());
        }
        if (f.cliDescription() != null) {
            o.description(f.cliDescription());
        }
        if (f.cliLabel() != null) {
            o.paramLabel(f.cliLabel());
        }
        return o.build();
    }

    /** The value given on the command line for {@code f}, or null when the option was not given. */
    static Object given(CommandSpec spec, PlanField f) {
        OptionSpec option = spec.findOption(f.cliName());
        if (option == null || !spec.commandLine().getParseResult().hasMatchedOption(option)) {
            return null;
        }
        return option.getValue();
    }
}
