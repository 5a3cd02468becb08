package dev.lorabench.train;

import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import dev.lorabench.plan.Schedule;
import dev.lorabench.plan.ExperimentPlan;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorabench.analysis.IntegrityCertificate;
import dev.lorabench.analysis.LayerSpectra;
import dev.lorabench.analysis.Section7;
import dev.lorabench.data.DataException;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.model.TensorDigests;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one experiment plan start to end on the calling thread: data, base (trained or loaded),
 * then every variant fine-tuned from the same base bytes on the same batches.
 *
 * <p>Each model lives in its own {@link Model} and is closed when its variant ends, so native
 * memory does not grow with the number of variants.
 */
public final class ExperimentRunner {

    static final String BASE = "base";

    private final DataSource dataSource;
    private final ModelSink sink;
    private final FitOptions fitOptions;
    private final TrajectorySampler.Budget trajectory;
    private final DeltaWSampler.Budget deltaW;
    private final boolean lab;
    // One thread for the lanes that step beside a stack, for as long as this runner lives.
    private ExecutorService laneWorker;

    public ExperimentRunner(DataSource dataSource) {
        this(dataSource, ModelSink.NONE);
    }

    /** A runner that also shows the live models to {@code sink} (tests' oracles). */
    ExperimentRunner(DataSource dataSource, ModelSink sink) {
        this(dataSource, sink, FitOptions.defaults());
    }

    /** A runner whose fits all step the way {@code fitOptions} says (the benchmarks switch parts off). */
    ExperimentRunner(DataSource dataSource, ModelSink sink, FitOptions fitOptions) {
        this(dataSource, sink, fitOptions, TrajectorySampler.Budget.DEFAULT, DeltaWSampler.Budget.DEFAULT);
    }

    /** A runner that samples trajectories and ΔW (ADR 0028) as the budgets say (tests, benchmarks). */
    ExperimentRunner(DataSource dataSource, ModelSink sink, FitOptions fitOptions, TrajectorySampler.Budget trajectory,
            DeltaWSampler.Budget deltaW) {
        this(dataSource, sink, fitOptions, trajectory, deltaW, true);
    }

    private ExperimentRunner(DataSource dataSource, ModelSink sink, FitOptions fitOptions,
            TrajectorySampler.Budget trajectory, DeltaWSampler.Budget deltaW, boolean lab) {
        this.dataSource = dataSource;
        this.sink = sink;
        this.fitOptions = fitOptions;
        this.trajectory = trajectory;
        this.deltaW = deltaW;
        this.lab = lab;
    }

    /**
     * This runner without the ΔW lab (tests that assert on none of it): no spectra, truncation curve
     * or §7 findings; all else as with it. Its SVDs cost seconds a run on the MLP (W's 2000×1000: ~3.5 s).
     */
    ExperimentRunner withoutDeltaWLab() {
        return new ExperimentRunner(dataSource, sink, fitOptions, trajectory, deltaW, false);
    }

    /**
     * Runs the plan, reporting to {@code listener}; sends exactly one terminal event (RunFinished,
     * RunFailed or RunCancelled) before it returns or throws.
     *
     * @throws RunFailure why the run has no result, of the kind the terminal event names
     */
    public RunResult run(ExperimentPlan plan, TrainingListener listener, AtomicBoolean cancel) throws RunFailure {
        return run(plan, listener, cancel, BaseCache.off());
    }

    /** As {@link #run(ExperimentPlan, TrainingListener, AtomicBoolean)}, reusing and keeping bases in {@code bases}. */
    public RunResult run(ExperimentPlan plan, TrainingListener listener, AtomicBoolean cancel, BaseCache bases)
            throws RunFailure {
        return run(plan, listener, cancel, bases, AnalysisRows.SUBSET_ROWS);
    }

    /**
     * As {@link #run(ExperimentPlan, TrainingListener, AtomicBoolean, BaseCache)}, with the
     * truncation curve and the merge checks on {@code analysisRows} class-stratified test rows
     * ({@link AnalysisRows#WHOLE_TEST_SET}: all of them).
     */
    public RunResult run(ExperimentPlan plan, TrainingListener listener, AtomicBoolean cancel, BaseCache bases,
            int analysisRows) throws RunFailure {
        RunResult result;
        try {
            result = execute(plan, listener, cancel, bases, analysisRows);
        } catch (Exception e) {
            RunFailure failure = RunFailure.of(e);
            listener.on(failure.event());
            throw failure;
        }
        listener.on(new TrainingEvent.RunFinished(result));
        return result;
    }

    /** Like {@link #run} but throws instead of reporting failure (for callers that want the cause). */
    RunResult execute(ExperimentPlan plan, TrainingListener listener, AtomicBoolean cancel, BaseCache bases)
            throws DataException, IOException {
        return execute(plan, listener, cancel, bases, AnalysisRows.SUBSET_ROWS);
    }

    private RunResult execute(ExperimentPlan plan, TrainingListener listener, AtomicBoolean cancel, BaseCache bases,
            int analysisRows) throws DataException, IOException {
        long started = System.nanoTime();
        // Recording is per thread and on by default in new native threads; evaluation must not
        // build graphs. GradientCollector turns it on and back off around each step.
        Engine.getInstance();
        Torch.gradMode(false);
        RunContext context = new RunContext(listener, cancel, 0);
        context.lab().enableSection7(plan.section7());
        context.emit(new TrainingEvent.PhaseStarted("loading data", BASE));
        TaskData data = TaskDataLoader.load(plan, dataSource);
        context.checkCancelled();
        RankBounds.check(plan, data.spec());
        CachedBase cached = CachedBase.lookUp(bases, plan, data, fitOptions, context);

        int finetuneEstimate = TaskDataLoader.estimateFinetuneCount(plan, data);
        long baseSteps = plan.base().epochs() > 0 && !cached.hit()
                ? baseRecipe(plan, data).steps(data.train().count()) : 0;
        context.setTotalSteps(baseSteps + finetuneSteps(plan, finetuneEstimate));
        context.emit(new TrainingEvent.RunStarted(
                plan, plan.variants().stream().map(Variant::name).toList(), context.totalSteps()));

        Engine.getInstance().setRandomSeed((int) plan.seed());
        try (NDManager dataManager = NDManager.newBaseManager();
                TensorSet test = TensorSet.of(dataManager, data.test());
                TensorSet baseTest = data.transfer() ? TensorSet.of(dataManager, data.baseTest()) : null) {
            BaseOutcome base;
            List<Integer> targets;
            Samples finetune, companion; // the run's fine-tune rows and its companion task's (ADR 0029)
            try (TensorSet train = TensorSet.of(dataManager, data.train())) {
                // From here the engine holds the training inputs; the JVM keeps only their labels.
                data = data.withTrainInputsReleased();
                base = trainBase(plan, data, train, test, baseTest, context, cached);
                baseSteps += cached.stepsTrainedAfterAll();
                targets = TaskDataLoader.targetClasses(plan, data, base.result.evaluation());
                finetune = TaskDataLoader.finetuneSamples(plan, data, targets, train);
                companion = CompanionPass.rows(plan, data, targets, train);
            }
            context.setTotalSteps(baseSteps + finetuneSteps(plan, finetune.count()) + CompanionPass.steps(plan, companion));

            List<VariantResult> variants = new ArrayList<>();
            List<SeedRun> seedRuns = List.of();
            CompanionPass.Outcome companions = CompanionPass.Outcome.NONE;
            Samples validation = TaskDataLoader.finetuneValidation(plan, data, targets);
            int[] trajectoryRows = data.isRegression() || trajectory.off() ? null
                    : AnalysisRows.spreadRows(data.test().labels(), data.classNames().size(), trajectory.samples());
            boolean wholeTest = trajectoryRows != null && trajectoryRows.length == test.count();
            int[] cutRows = AnalysisRows.choose(data, analysisRows);
            long steps = finetuneRecipe(plan, data.isRegression(), plan.seed()).steps(finetune.count());
            DeltaWSampler timeline = new DeltaWSampler(deltaW, steps);
            try (TensorSet tuneSet = TensorSet.of(dataManager, finetune);
                    TensorSet validationSet = validation == null ? null : TensorSet.of(dataManager, validation);
                    TensorSet subset = trajectoryRows == null || wholeTest
                            ? null : TensorSet.of(dataManager, data.test().select(trajectoryRows));
                    TensorSet cutSubset = cutRows == null ? null : TensorSet.of(dataManager, data.test().select(cutRows))) {
                Tuning tuning = new Tuning(plan, data, base, tuneSet, validationSet, test, context,
                        wholeTest ? test : subset, trajectory.every(steps), timeline,
                        new AnalysisRows(cutRows, cutSubset == null ? test : cutSubset, test.count()));
                if (plan.schedule() == Schedule.LOCKSTEP && plan.variants().size() > 1) {
                    variants.addAll(fineTuneLockstep(tuning));
                } else {
                    for (Variant variant : plan.variants()) {
                        context.checkCancelled();
                        VariantResult result = fineTune(tuning, variant);
                        variants.add(result);
                        context.emit(new TrainingEvent.VariantFinished(result));
                    }
                }
                if (plan.finetune().seeds() > 1) {
                    seedRuns = new ExtraSeeds(tuning, fitOptions, laneWorker()).seedRuns(variants);
                }
                if (companion != null) {
                    companions = CompanionPass.run(tuning, fitOptions, laneWorker(), companion, dataManager);
                }
            }
            if (lab) {
                context.emit(new TrainingEvent.PhaseStarted("analysing ΔW", "analysis"));
            }
            List<LayerSpectra> spectra = lab ? context.lab().analyse() : List.of();
            Section7 section7 = lab ? context.lab().section7(context) : Section7.none();
            RunArtifacts artifacts = new RunArtifacts(plan, data.spec(), base.parameters, data.test(), data.testImages(),
                    context.lab().loraFactors(), context.lab().baseWeights(), companions.factors());
            TaskPair pair = TaskPairs.evaluate(artifacts, variants, targets, companions, context);
            return new RunResult(
                    plan, RunEnvironments.current(), data.classNames(), targets, finetune.count(),
                    base.result, variants, (System.nanoTime() - started) / 1e9, spectra, context.truncation(),
                    artifacts, seedRuns, section7, timeline.analyse(context.lab().loraFactors()), pair);
        }
    }

    /** The base's training: all its epochs, no step limit, no early stopping. */
    private static FitRecipe baseRecipe(ExperimentPlan plan, TaskData data) {
        return new FitRecipe(data.isRegression(), plan.base().epochs(), 0, plan.batchSize(), plan.lr(), plan.seed(), 0);
    }

    /** Every variant's fine-tune under {@code seed} (its batch order): the plan's, or an extra seed's. */
    static FitRecipe finetuneRecipe(ExperimentPlan plan, boolean regression, long seed) {
        return new FitRecipe(regression, plan.finetune().epochs(), plan.finetune().steps(), plan.batchSize(),
                plan.lr(), seed, plan.finetune().earlyStopping());
    }

    /** The steps of every variant's fine-tune under every seed. */
    private static long finetuneSteps(ExperimentPlan plan, int samples) {
        long perVariant = finetuneRecipe(plan, false, plan.seed()).steps(samples);
        return (long) plan.finetune().seeds() * plan.variants().size() * perVariant;
    }

    record BaseOutcome(BaseResult result, byte[] parameters) {}

    /** The base: from the cache when {@code cached} has it, else trained or loaded (and kept in the cache). */
    private BaseOutcome trainBase(ExperimentPlan plan, TaskData data, TensorSet train, TensorSet test,
            TensorSet baseTest, RunContext context, CachedBase cached) throws IOException {
        long started = System.nanoTime();
        try (Model model = Model.newInstance(BASE)) {
            newBlock(model, data.spec());
            List<LossPoint> losses = cached.loadInto(model, plan, data.spec(), context);
            boolean fromCache = cached.loaded();
            Block block = model.getBlock(); // a fresh one if a cached entry did not load
            if (plan.base().file() != null) {
                context.emit(new TrainingEvent.PhaseStarted("loading base", BASE));
                byte[] bytes = BaseParameters.read(plan.base().file());
                BaseParameters.load(bytes, plan.base().file().toString(), block, data.spec(), model.getNDManager(),
                        plan.base().newHead());
                // Loaded arrays do not record gradients; training the base on (e.g. to fit a new head) needs them.
                block.freezeParameters(false, ExperimentRunner::isLearned);
            }
            boolean trained = plan.base().epochs() > 0;
            if (trained && !fromCache) {
                context.emit(new TrainingEvent.PhaseStarted(
                        plan.base().file() == null ? "training base" : "training the loaded base", BASE));
                try {
                    losses = new FitLoop(context).withOptions(fitOptions).fit(model, BASE, train, baseRecipe(plan, data));
                } catch (VariantDivergedException e) {
                    throw new IllegalArgumentException(
                            "base training diverged at step " + e.step() + " (loss " + e.loss() + "); lower the learning rate");
                }
            }
            context.emit(new TrainingEvent.PhaseStarted(fromCache ? "base from cache: evaluating" : "evaluating base", BASE));
            Evaluation evaluation = new Evaluator(context).evaluate(
                    block, test, data.isRegression(), data.classNames().size());
            // A transfer base is also tested where it was trained; the "before" above is on the fine-tune's data.
            Evaluation own = baseTest == null ? null
                    : new Evaluator(context).evaluate(block, baseTest, false, data.classNames().size());
            context.emit(new TrainingEvent.Evaluated(BASE, evaluation));
            sink.baseReady(data.spec(), block);
            byte[] parameters = BaseParameters.toBytes(block, data.spec());
            BaseResult result = new BaseResult(
                    ModelFactory.parameterCount(block), TensorDigests.of(block).combined(), trained, losses,
                    evaluation, (System.nanoTime() - started) / 1e9, own, fromCache, cached.key());
            cached.store(parameters, result.sha256(), losses, context);
            context.emit(new TrainingEvent.BaseReady(result.sha256()));
            return new BaseOutcome(result, parameters);
        }
    }

    /**
     * What every variant's fine-tune shares: the plan, the data and tensors, the base, the run, the
     * test rows its trajectory is sampled on (null: not sampled) every {@code every} steps, and the
     * test rows the truncation curve and the merge check run on.
     */
    record Tuning(ExperimentPlan plan, TaskData data, BaseOutcome base, TensorSet tuneSet,
            TensorSet validationSet, TensorSet test, RunContext context, TensorSet trajectoryRows, int every,
            DeltaWSampler deltaW, AnalysisRows analysisRows) {

        /** A fresh sampler for one fine-tune of the run's own seed. */
        TrajectorySampler sampler() {
            return new TrajectorySampler(trajectoryRows, data.classNames().size(), every, context);
        }
    }

    private VariantResult fineTune(Tuning t, Variant variant) throws IOException {
        ExperimentPlan plan = t.plan();
        TaskData data = t.data();
        RunContext context = t.context();
        context.emit(new TrainingEvent.PhaseStarted("fine-tuning " + variant.name(), variant.name()));
        try (PreparedVariant p = PreparedVariant.prepare(plan, data.spec(), variant, t.base().parameters, context.lab())) {
            Lane lane = t.deltaW().watched(Lane.of(variant, p.model, null), variant, p.adapters);
            TrajectorySampler sampler = t.sampler();
            new FitLoop(context).withOptions(fitOptions).probed(LaneProbes.both(sampler, t.deltaW()))
                    .fitAll(List.of(lane), t.tuneSet(), t.validationSet(), finetuneRecipe(plan, data.isRegression(), plan.seed()));
            return finish(t, p, lane.result(), sampler.points(lane));
        }
    }

    /**
     * Fine-tunes every variant in one pass over the data: each batch is gathered once and fed to
     * all variants, and the LoRA variants' shared first-layer base product is computed once per
     * batch. Each variant then gets the same evaluation, certificate and ΔW analysis as alone.
     */
    private List<VariantResult> fineTuneLockstep(Tuning t) throws IOException {
        ExperimentPlan plan = t.plan();
        TaskData data = t.data();
        RunContext context = t.context();
        List<PreparedVariant> prepared = new ArrayList<>();
        try {
            context.emit(new TrainingEvent.PhaseStarted("fine-tuning all variants in lockstep", "lockstep"));
            List<Lane> lanes = new ArrayList<>();
            for (Variant variant : plan.variants()) {
                context.checkCancelled();
                PreparedVariant p = PreparedVariant.prepare(plan, data.spec(), variant, t.base().parameters, context.lab());
                prepared.add(p);
                lanes.add(t.deltaW().watched(Lane.of(variant, p.model, p.firstAdapted()), variant, p.adapters));
            }
            TrajectorySampler sampler = t.sampler();
            new FitLoop(context).withOptions(fitOptions).withLaneWorker(laneWorker())
                    .probed(LaneProbes.both(sampler, t.deltaW()))
                    .fitAll(lanes, t.tuneSet(), t.validationSet(), finetuneRecipe(plan, data.isRegression(), plan.seed()));
            List<VariantResult> results = new ArrayList<>();
            for (int i = 0; i < prepared.size(); i++) {
                context.checkCancelled();
                PreparedVariant p = prepared.get(i);
                VariantResult result = finish(t, p, lanes.get(i).result(), sampler.points(lanes.get(i)));
                // Each model is released as soon as its variant is done.
                p.close();
                results.add(result);
                context.emit(new TrainingEvent.VariantFinished(result));
            }
            return results;
        } finally {
            for (PreparedVariant p : prepared) {
                p.close();
            }
        }
    }

    private VariantResult finish(Tuning t, PreparedVariant p, FitResult fit, List<TrajectoryPoint> trajectory)
            throws IOException {
        TaskData data = t.data();
        TensorSet test = t.test();
        RunContext context = t.context();
        Variant variant = p.variant;
        Block block = p.block;
        List<LossPoint> losses = fit.losses();
        List<LossPoint> validationLosses = fit.validationLosses();
        int stoppedEarly = fit.stoppedEarlyAfterEpoch();
        // A diverged variant stops; its weights are what they became, the sweep goes on.
        int divergedAt = fit.divergedAt();
        Evaluator evaluator = new Evaluator(context);
        // A LoRA variant's outputs are also the merge certificate's unmerged side: one pass, not two.
        Evaluator.Scored scored = evaluator.evaluate(block, test, data.isRegression(), data.classNames().size(),
                p.adapters != null && divergedAt <= 0);
        Evaluation evaluation = scored.evaluation();
        context.emit(new TrainingEvent.Evaluated(variant.name(), evaluation));
        sink.variantTuned(variant, data.spec(), block, p.adapters);
        IntegrityCertificate integrity;
        if (divergedAt > 0) {
            integrity = p.snapshot.certify(Double.NaN, false);
        } else if (p.adapters != null) {
            context.lab().lora((LoraVariant) variant, p.adapters);
            integrity = p.snapshot.certifyMerge(p.adapters, block, t.analysisRows(), evaluator, scored.outputs())
                    .withPrincipalReconstructionError(p.principalError);
        } else {
            integrity = p.snapshot.certify(Double.NaN, false);
            if (lab) {
                context.lab().full(p.targetWeights);
                context.setTruncation(TruncationSweep.curve(p, t.analysisRows(), data, evaluator, context));
            }
        }
        String after = TensorDigests.of(p.baseTensors).combined();
        return new VariantResult(
                variant, t.plan().adapters().alpha(), p.trainable, p.perLayer, losses, evaluation,
                after,
                after.equals(p.startDigest(t.base().result.sha256())),
                (System.nanoTime() - p.started) / 1e9,
                integrity,
                divergedAt,
                validationLosses,
                stoppedEarly,
                trajectory);
    }

    private synchronized ExecutorService laneWorker() {
        if (laneWorker == null) {
            laneWorker = FitLoop.newLaneWorker();
        }
        return laneWorker;
    }

    static boolean isLearned(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    static Block newBlock(Model model, ModelSpec spec) {
        Block block = ModelFactory.build(spec);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, spec.batchShape(1));
        return block;
    }
}
