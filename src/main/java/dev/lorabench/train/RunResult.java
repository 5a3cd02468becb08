package dev.lorabench.train;

import java.util.List;

/**
 * Everything a finished run produced, as plain values.
 *
 * @param targetClasses the classes the fine-tune used (resolved from "worst"); empty for
 *     regression
 * @param finetuneSamples how many training samples the fine-tune used
 */
public record RunResult(
        ExperimentPlan plan,
        RunEnvironment environment,
        List<String> classNames,
        List<Integer> targetClasses,
        int finetuneSamples,
        BaseResult base,
        List<VariantResult> variants,
        double seconds) {

    public RunResult {
        classNames = List.copyOf(classNames);
        targetClasses = List.copyOf(targetClasses);
        variants = List.copyOf(variants);
    }
}
