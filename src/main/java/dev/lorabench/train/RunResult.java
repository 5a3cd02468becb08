package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.TruncationCurve;
import java.util.List;

/**
 * Everything a finished run produced, as plain values.
 *
 * @param targetClasses the classes the fine-tune used (resolved from "worst"); empty for
 *     regression
 * @param finetuneSamples how many training samples the fine-tune used
 * @param spectra the ΔW lab's findings per adapted layer
 * @param truncation accuracy of the full fine-tune cut to rank k (null without a full variant)
 * @param artifacts what the run keeps in memory for later inspection (not serialised)
 */
public record RunResult(
        ExperimentPlan plan,
        RunEnvironment environment,
        List<String> classNames,
        List<Integer> targetClasses,
        int finetuneSamples,
        BaseResult base,
        List<VariantResult> variants,
        double seconds,
        List<LayerSpectra> spectra,
        TruncationCurve truncation,
        RunArtifacts artifacts) {

    public RunResult {
        classNames = List.copyOf(classNames);
        targetClasses = List.copyOf(targetClasses);
        variants = List.copyOf(variants);
        spectra = List.copyOf(spectra);
    }
}
