package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.lorabench.analysis.TensorDigests;
import dev.lorabench.data.DataException;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    public ExperimentRunner(DataSource dataSource) {
        this(dataSource, ModelSink.NONE);
    }

    /** A runner that also hands the base and every fine-tuned model to {@code sink}. */
    public ExperimentRunner(DataSource dataSource, ModelSink sink) {
        this.dataSource = dataSource;
        this.sink = sink;
    }

    /**
     * Runs the plan, reporting to {@code listener}; ends with exactly one terminal event.
     *
     * @return the result, or null when the run failed or was cancelled
     */
    public RunResult run(ExperimentPlan plan, TrainingListener listener, AtomicBoolean cancel) {
        try {
            RunResult result = execute(plan, listener, cancel);
            listener.on(new TrainingEvent.RunFinished(result));
            return result;
        } catch (RunCancelledException e) {
            listener.on(new TrainingEvent.RunCancelled());
        } catch (DataException e) {
            listener.on(new TrainingEvent.RunFailed(e.getMessage(), TrainingEvent.FailureKind.DATA));
        } catch (IOException | IllegalArgumentException e) {
            // Base files and option values are the user's input: a usage error.
            listener.on(new TrainingEvent.RunFailed(e.getMessage(), TrainingEvent.FailureKind.USAGE));
        } catch (RuntimeException e) {
            listener.on(new TrainingEvent.RunFailed(
                    e.getClass().getSimpleName() + ": " + e.getMessage(), TrainingEvent.FailureKind.INTERNAL));
        }
        return null;
    }

    /** Like {@link #run} but throws instead of reporting failure (for callers that want the cause). */
    RunResult execute(ExperimentPlan plan, TrainingListener listener, AtomicBoolean cancel)
            throws DataException, IOException {
        long started = System.nanoTime();
        // Recording is per thread and on by default in new native threads; evaluation must not
        // build graphs. GradientCollector turns it on and back off around each step.
        Engine.getInstance();
        JniUtils.setGradMode(false);
        RunContext context = new RunContext(listener, cancel, 0);
        context.emit(new TrainingEvent.PhaseStarted("loading data", BASE));
        TaskData data = TaskDataLoader.load(plan, dataSource);
        context.checkCancelled();
        checkRanks(plan, data.spec());

        int finetuneEstimate = TaskDataLoader.estimateFinetuneCount(plan, data);
        long baseSteps = plan.baseFile() == null
                ? Fitter.steps(data.train().count(), plan.batchSize(), plan.baseEpochs(), 0) : 0;
        context.setTotalSteps(baseSteps + plan.variants().size() * variantSteps(plan, finetuneEstimate));
        context.emit(new TrainingEvent.RunStarted(
                plan, plan.variants().stream().map(VariantSpec::name).toList(), context.totalSteps()));

        Engine.getInstance().setRandomSeed((int) plan.seed());
        try (NDManager dataManager = NDManager.newBaseManager();
                TensorSet test = TensorSet.of(dataManager, data.test())) {
            BaseOutcome base = trainBase(plan, data, dataManager, test, context);
            List<Integer> targets = TaskDataLoader.targetClasses(plan, data, base.result.evaluation());
            Samples finetune = TaskDataLoader.finetuneSamples(plan, data, targets);
            context.setTotalSteps(baseSteps + plan.variants().size() * variantSteps(plan, finetune.count()));

            List<VariantResult> variants = new ArrayList<>();
            try (TensorSet tuneSet = TensorSet.of(dataManager, finetune)) {
                for (VariantSpec variant : plan.variants()) {
                    context.checkCancelled();
                    VariantResult result = fineTune(plan, data, variant, base, tuneSet, test, context);
                    variants.add(result);
                    context.emit(new TrainingEvent.VariantFinished(result));
                }
            }
            return new RunResult(
                    plan, RunEnvironments.current(), data.classNames(), targets, finetune.count(),
                    base.result, variants, (System.nanoTime() - started) / 1e9);
        }
    }

    private static long variantSteps(ExperimentPlan plan, int samples) {
        return Fitter.steps(samples, plan.batchSize(), plan.finetuneEpochs(), plan.finetuneSteps());
    }

    /** Refuses ranks the targeted layers cannot hold, before any training starts. */
    private static void checkRanks(ExperimentPlan plan, ModelSpec spec) {
        if (plan.ranks().isEmpty()) {
            return;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(spec);
            block.initialize(manager, DataType.FLOAT32, spec.batchShape(1));
            long max = LoraInjector.maxRank(block, plan.loraTargets());
            if (max == 0) {
                throw new IllegalArgumentException(
                        "targets " + plan.targets() + " select no layer of the " + spec.architecture().id() + " model");
            }
            for (int r : plan.ranks()) {
                if (r > max) {
                    throw new IllegalArgumentException(
                            "rank must be in 1.." + max + " for the " + spec.architecture().id()
                                    + " model's targeted layers but was " + r);
                }
            }
        }
    }

    private record BaseOutcome(BaseResult result, byte[] parameters) {}

    private BaseOutcome trainBase(
            ExperimentPlan plan, TaskData data, NDManager dataManager, TensorSet test, RunContext context)
            throws IOException {
        long started = System.nanoTime();
        try (Model model = Model.newInstance(BASE)) {
            Block block = newBlock(model, data.spec());
            List<LossPoint> losses = List.of();
            boolean trained = plan.baseFile() == null;
            if (trained) {
                context.emit(new TrainingEvent.PhaseStarted("training base", BASE));
                try (TensorSet train = TensorSet.of(dataManager, data.train())) {
                    losses = new Fitter(context).fit(
                            model, BASE, train, data.isRegression(), plan.baseEpochs(), 0,
                            plan.batchSize(), plan.lr(), plan.seed());
                }
            } else {
                context.emit(new TrainingEvent.PhaseStarted("loading base", BASE));
                byte[] bytes = BaseParameters.read(plan.baseFile());
                BaseParameters.load(bytes, plan.baseFile().toString(), block, data.spec(), model.getNDManager());
            }
            context.emit(new TrainingEvent.PhaseStarted("evaluating base", BASE));
            Evaluation evaluation = new Evaluator(context).evaluate(
                    block, test, data.isRegression(), data.classNames().size());
            context.emit(new TrainingEvent.Evaluated(BASE, evaluation));
            sink.baseReady(data.spec(), block, data.test().x());
            byte[] parameters = BaseParameters.toBytes(block, data.spec());
            BaseResult result = new BaseResult(
                    ModelFactory.parameterCount(block), TensorDigests.of(block).combined(), trained, losses,
                    evaluation, (System.nanoTime() - started) / 1e9);
            context.emit(new TrainingEvent.BaseReady(result.sha256(), parameters.clone()));
            return new BaseOutcome(result, parameters);
        }
    }

    private VariantResult fineTune(
            ExperimentPlan plan,
            TaskData data,
            VariantSpec variant,
            BaseOutcome base,
            TensorSet tuneSet,
            TensorSet test,
            RunContext context)
            throws IOException {
        long started = System.nanoTime();
        context.emit(new TrainingEvent.PhaseStarted("fine-tuning " + variant.name(), variant.name()));
        // Same A initialisation for a rank whatever else the sweep contains.
        Engine.getInstance().setRandomSeed((int) (plan.seed() * 31 + variant.rank()));
        try (Model model = Model.newInstance(variant.name())) {
            Block block = newBlock(model, data.spec());
            BaseParameters.load(base.parameters, "base", block, data.spec(), model.getNDManager());
            // Loaded arrays do not record gradients; learned parameters must (statistics never).
            block.freezeParameters(false, ExperimentRunner::isLearned);
            Map<String, Parameter> baseTensors = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                baseTensors.put(p.getKey(), p.getValue());
            }
            long trainable;
            Map<String, Long> perLayer = new LinkedHashMap<>();
            AdapterSet adapters = null;
            if (variant.isLora()) {
                LoraConfig config = new LoraConfig(variant.rank(), plan.alpha(), plan.rsLora(), 0f);
                adapters = LoraInjector.inject(block, plan.loraTargets(), config);
                for (AdaptedLayer layer : adapters.layers()) {
                    perLayer.put(layer.path(), layer.trainableParameters());
                }
                trainable = adapters.trainableParameters();
            } else {
                trainable = ModelFactory.parameterCount(block);
            }
            List<LossPoint> losses = new Fitter(context).fit(
                    model, variant.name(), tuneSet, data.isRegression(), plan.finetuneEpochs(),
                    plan.finetuneSteps(), plan.batchSize(), plan.lr(), plan.seed());
            Evaluation evaluation = new Evaluator(context).evaluate(
                    block, test, data.isRegression(), data.classNames().size());
            context.emit(new TrainingEvent.Evaluated(variant.name(), evaluation));
            sink.variantTuned(variant, data.spec(), block, adapters);
            String after = TensorDigests.of(baseTensors).combined();
            return new VariantResult(
                    variant, plan.alpha(), trainable, perLayer, losses, evaluation,
                    after,
                    after.equals(base.result.sha256()),
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private static boolean isLearned(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    private static Block newBlock(Model model, ModelSpec spec) {
        Block block = ModelFactory.build(spec);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, spec.batchShape(1));
        return block;
    }
}
