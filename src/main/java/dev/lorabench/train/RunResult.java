package dev.lorabench.train;

import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.analysis.DeltaWTimeline;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.Section7;
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
 * @param seedRuns every variant's fine-tune with every seed (seed index 0 is {@code variants}'
 *     own); empty when the run used one seed and did not record them separately
 * @param section7 the LoRA paper's §7 and the intruder dimensions per adapted layer
 *     ({@link dev.lorabench.analysis.Section7Lab}); empty for hand-made results
 * @param deltaWTimeline each LoRA variant's ΔW sampled while its run-seed fine-tune trained (ADR 0028)
 * @param taskPair the companion task's adapters and their combinations, evaluated (ADR 0029);
 *     {@link TaskPair#NONE} without a companion task
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
        RunArtifacts artifacts,
        List<SeedRun> seedRuns,
        Section7 section7,
        DeltaWTimeline deltaWTimeline,
        TaskPair taskPair) {

    public RunResult {
        taskPair = taskPair == null ? TaskPair.NONE : taskPair;
        section7 = section7 == null ? Section7.none() : section7;
        classNames = List.copyOf(classNames);
        targetClasses = List.copyOf(targetClasses);
        variants = List.copyOf(variants);
        spectra = List.copyOf(spectra);
        seedRuns = List.copyOf(seedRuns);
        deltaWTimeline = deltaWTimeline == null ? DeltaWTimeline.EMPTY : deltaWTimeline;
    }

    /** A run without a companion task. */
    public RunResult(ExperimentPlan plan, RunEnvironment environment, List<String> classNames,
            List<Integer> targetClasses, int finetuneSamples, BaseResult base, List<VariantResult> variants,
            double seconds, List<LayerSpectra> spectra, TruncationCurve truncation, RunArtifacts artifacts,
            List<SeedRun> seedRuns, Section7 section7, DeltaWTimeline deltaWTimeline) {
        this(plan, environment, classNames, targetClasses, finetuneSamples, base, variants, seconds, spectra,
                truncation, artifacts, seedRuns, section7, deltaWTimeline, TaskPair.NONE);
    }

    /** A run without §7 findings or a ΔW timeline (results made by hand, runs from before them). */
    public RunResult(ExperimentPlan plan, RunEnvironment environment, List<String> classNames,
            List<Integer> targetClasses, int finetuneSamples, BaseResult base, List<VariantResult> variants,
            double seconds, List<LayerSpectra> spectra, TruncationCurve truncation, RunArtifacts artifacts,
            List<SeedRun> seedRuns) {
        this(plan, environment, classNames, targetClasses, finetuneSamples, base, variants, seconds, spectra,
                truncation, artifacts, seedRuns, Section7.none(), DeltaWTimeline.EMPTY);
    }

    /** A run of one seed, without separate seed records. */
    public RunResult(ExperimentPlan plan, RunEnvironment environment, List<String> classNames,
            List<Integer> targetClasses, int finetuneSamples, BaseResult base, List<VariantResult> variants,
            double seconds, List<LayerSpectra> spectra, TruncationCurve truncation, RunArtifacts artifacts) {
        this(plan, environment, classNames, targetClasses, finetuneSamples, base, variants, seconds, spectra,
                truncation, artifacts, List.of());
    }

    /**
     * Every pair of variants compared over the seeds, overall and per class (empty with one
     * seed): the paired t-test at α = 0.05, Holm-corrected within each scope ({@link
     * SeedStatistics}, docs/statistics.md).
     */
    public List<dev.lorabench.analysis.stats.Comparison> comparisons() {
        return SeedStatistics.comparisons(seedRuns, variants.stream().map(v -> v.spec().name()).toList(), classNames,
                dev.lorabench.analysis.stats.SeedComparisons.withDefaults());
    }
}
