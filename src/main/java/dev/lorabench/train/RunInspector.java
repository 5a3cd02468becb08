package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.lorabench.analysis.AdapterFactors;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.data.ImageSet;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.data.DataException;
import dev.lorabench.data.Safetensors;
import dev.lorabench.interop.Logits;
import dev.lorabench.interop.PeftAdapters;
import dev.lorabench.interop.StateDicts;
import dev.lorabench.interop.TorchNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Looks at a finished run again from its artifacts: re-evaluates a LoRA variant with its adapter
 * off, on or merged (a real forward pass over the test set, not a cached number), lists the test
 * images a variant gets wrong, and exports the base and the adapters (for the GUI and the CLI
 * alike). Call from a background thread; each call builds and closes its own model.
 */
public final class RunInspector {

    private RunInspector() {}

    /**
     * Evaluates {@code variant} of the run on its test set with the adapter in {@code mode}.
     *
     * @throws IllegalArgumentException if the run has no such LoRA variant
     */
    public static Evaluation evaluate(RunArtifacts run, String variant, AdapterMode mode) {
        return evaluate(run, run.loraVariant(variant), mode);
    }

    /** Evaluates {@code variant} of the run on its test set with the adapter in {@code mode}. */
    public static Evaluation evaluate(RunArtifacts run, LoraVariant variant, AdapterMode mode) {
        try {
            return withTrained(run, variant, (block, adapters, test) -> {
                adapters.setEnabled(mode != AdapterMode.OFF);
                if (mode == AdapterMode.MERGED) {
                    adapters.mergeAll();
                }
                Evaluation e = onTestSet(run, block, test);
                adapters.unmergeAll();
                return e;
            });
        } catch (IOException | DataException e) {
            throw new IllegalStateException("the run's base parameters no longer load: " + e.getMessage(), e);
        }
    }

    /**
     * Evaluates {@code variant}'s model with {@code factors} in its adapters in place of the trained
     * ones (each layer's A and B of the trained shapes; layers left out keep the trained factors),
     * adapter on: the trained adapter changed by hand, e.g. without one direction of its ΔW ({@link
     * DirectionAblation}).
     */
    public static Evaluation evaluateWith(RunArtifacts run, LoraVariant variant, Map<String, LoraFactors> factors) {
        Map<String, LoraFactors> all = new LinkedHashMap<>(trained(run, variant));
        all.putAll(factors);
        try {
            return withFactors(run, variant, all, (block, adapters, test) -> {
                adapters.setEnabled(true);
                return onTestSet(run, block, test);
            });
        } catch (IOException | DataException e) {
            throw new IllegalStateException("the run's base parameters no longer load: " + e.getMessage(), e);
        }
    }

    /** The run's base alone on its test set (no adapter at all). */
    public static Evaluation evaluateBase(RunArtifacts run) {
        try {
            return withBase(run, (block, test) -> onTestSet(run, block, test));
        } catch (IOException | DataException e) {
            throw new IllegalStateException("the run's base parameters no longer load: " + e.getMessage(), e);
        }
    }

    private static Evaluation onTestSet(RunArtifacts run, Block block, TensorSet test) {
        return new Evaluator(new RunContext(e -> { }, new AtomicBoolean(), 0)).evaluate(
                block, test, run.test().isRegression(), run.testImages() == null ? 0 : run.testImages().numClasses());
    }

    /**
     * Saves a LoRA variant's trained adapter as a PEFT folder: the one adapter export, used by the
     * GUI's "Save adapter" and by {@code run --save-adapters}.
     */
    public static void saveAdapter(RunArtifacts run, String variant, Path dir) throws IOException, DataException {
        saveAdapter(run, run.loraVariant(variant), dir);
    }

    /** Saves {@code variant}'s trained adapter as a PEFT folder. */
    public static void saveAdapter(RunArtifacts run, LoraVariant variant, Path dir) throws IOException, DataException {
        save(run, variant, trained(run, variant), Map.of(), dir);
    }

    /**
     * Saves {@code variant}'s companion adapter (ADR 0029) as a PEFT folder through the same
     * export, in the variant's layout and config (it was fine-tuned with them); its config notes
     * name the companion classes. What {@code run --save-adapters} writes beside the variant's own.
     *
     * @throws IllegalArgumentException if the run has no companion adapter of that variant
     */
    public static void saveCompanion(RunArtifacts run, LoraVariant variant, Path dir) throws IOException, DataException {
        save(run, variant, companion(run, variant),
                Map.of("companion", run.plan().finetune().companion().map(Object::toString).orElse("")), dir);
    }

    private static void save(RunArtifacts run, LoraVariant variant, Map<String, LoraFactors> factors,
            Map<String, String> extra, Path dir) throws IOException, DataException {
        withFactors(run, variant, factors, (block, adapters, test) -> {
            Map<String, String> notes = new LinkedHashMap<>();
            StateDicts.metadata(run.spec()).forEach((k, v) -> {
                if (k.startsWith("lorabench.")) {
                    notes.put(k.substring("lorabench.".length()), v);
                }
            });
            notes.put("variant", variant.name());
            notes.putAll(extra);
            PeftAdapters.save(adapters, dir, notes);
            return null;
        });
    }

    /** Saves the run's base as a PyTorch state dict ({@code base.safetensors}). */
    public static void saveBaseStateDict(RunArtifacts run, Path file) throws IOException, DataException {
        withBase(run, (block, test) -> {
            StateDicts.export(block, run.spec(), file);
            return null;
        });
    }

    /**
     * Saves the first {@code rows} test rows as the model received them (standardised) and the
     * outputs of the base and of every LoRA variant for them, for {@code tools/peft_check.py}.
     */
    public static void saveCheck(RunArtifacts run, int rows, Path inputsFile, Path logitsFile)
            throws IOException, DataException {
        int features = run.spec().inputSize();
        float[] x = run.test().x();
        int n = Math.min(rows, x.length / features);
        float[] inputs = Arrays.copyOf(x, n * features);
        Map<String, Safetensors.Tensor> logits = new TreeMap<>();
        logits.put(ExperimentRunner.BASE, withBase(run, (block, test) -> outputs(block, inputs, n, features)));
        for (LoraVariant variant : run.factors().keySet()) {
            logits.put(variant.name(),
                    withTrained(run, variant, (block, adapters, test) -> outputs(block, inputs, n, features)));
        }
        Map<String, String> meta = StateDicts.metadata(run.spec());
        Safetensors.write(inputsFile, Map.of("inputs", Safetensors.Tensor.of(inputs, n, features)), meta);
        Safetensors.write(logitsFile, logits, meta);
    }

    private static Safetensors.Tensor outputs(Block block, float[] inputs, int rows, int features) {
        float[] out = Logits.of(block, inputs, rows, features);
        return Safetensors.Tensor.of(out, rows, out.length / rows);
    }

    /**
     * Loads a PEFT adapter folder into a fresh model of the run's architecture (its base, its
     * LoRA targets) and evaluates it on the run's test set with the adapter on.
     *
     * @throws DataException when the folder does not fit the model (one line naming the file)
     */
    public static Evaluation evaluateAdapterFolder(RunArtifacts run, Path dir) throws DataException {
        PeftAdapters.AdapterConfig config = PeftAdapters.readConfig(dir);
        try {
            return withAdapters(run, block -> config::loraConfigFor, (block, adapters, test) -> {
                PeftAdapters.load(dir, adapters);
                adapters.setEnabled(true);
                return onTestSet(run, block, test);
            });
        } catch (DataException e) {
            throw e;
        } catch (IOException e) {
            throw new DataException(dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * One LoRA variant's trained adapter as plain factors keyed by PEFT module name, the adapter
     * algebra's input (ADR 0026).
     *
     * @throws IllegalArgumentException if the run has no such LoRA variant
     */
    public static AdapterFactors adapterOf(RunArtifacts run, LoraVariant variant) {
        return byModule(trained(run, variant));
    }

    /**
     * One LoRA variant's companion adapter (ADR 0029: fine-tuned from the same base on the plan's
     * companion classes) as plain factors keyed by PEFT module name, like {@link #adapterOf}.
     *
     * @throws IllegalArgumentException if the run has no companion adapter of that variant
     */
    public static AdapterFactors companionOf(RunArtifacts run, LoraVariant variant) {
        return byModule(companion(run, variant));
    }

    private static Map<String, LoraFactors> companion(RunArtifacts run, LoraVariant variant) {
        Map<String, LoraFactors> factors = run.companionFactors().get(variant);
        if (factors == null) {
            throw new IllegalArgumentException("no companion adapter of " + variant.name() + " in this run; have "
                    + run.companionFactors().keySet());
        }
        return factors;
    }

    private static AdapterFactors byModule(Map<String, LoraFactors> byPath) {
        Map<String, LoraFactors> byModule = new LinkedHashMap<>();
        byPath.forEach((path, f) -> byModule.put(TorchNames.module(path), f));
        return AdapterFactors.of(byModule);
    }

    /**
     * Evaluates any plain LoRA adapter (e.g. a combination of the run's adapters, or one loaded
     * from a PEFT folder) on the run's base and test set, adapter on. Each adapted layer takes the
     * adapter's rank for that module; a targeted layer the adapter leaves out stays as the base
     * (its B is zero). The scale goes into B, so a negative scale (a subtracted adapter) works.
     *
     * @throws IllegalArgumentException if the adapter names a module the run does not adapt, or its
     *     factors do not fit that layer
     */
    public static Evaluation evaluateAdapter(RunArtifacts run, AdapterFactors adapter) {
        try {
            return withPlainAdapter(run, adapter, (block, adapters, test) -> onTestSet(run, block, test));
        } catch (IOException | DataException e) {
            throw new IllegalStateException("the run's base parameters no longer load: " + e.getMessage(), e);
        }
    }

    /**
     * Saves any plain LoRA adapter as a PEFT folder in the layout of the run's model (its module
     * names and tensor shapes, convolutions included), every layer at scale 1 (alpha = r): the
     * export of a combination of the run's adapters. A targeted layer the adapter leaves out is
     * saved with B = 0.
     *
     * @throws IllegalArgumentException as {@link #evaluateAdapter}
     */
    public static void saveAdapter(RunArtifacts run, AdapterFactors adapter, Path dir, Map<String, String> notes)
            throws IOException, DataException {
        withPlainAdapter(run, adapter, (block, adapters, test) -> {
            PeftAdapters.save(adapters, dir, notes);
            return null;
        });
    }

    /**
     * The run's model with {@code adapter} in adapters of its ranks, on, at scale 1 with each
     * layer's scale folded into B (so a negative scale, a subtracted adapter, works).
     */
    private static <T> T withPlainAdapter(RunArtifacts run, AdapterFactors given, WithAdapters<T> body)
            throws IOException, DataException {
        AdapterFactors adapter = given.withinLayerBounds();
        Function<Block, Function<String, LoraConfig>> config = block -> path -> {
            LoraFactors f = adapter.layers().get(TorchNames.module(path));
            int rank = f == null ? 1 : f.rank();
            return LoraConfig.of(rank, rank);
        };
        return withAdapters(run, config, (block, adapters, test) -> {
            Map<String, AdaptedLayer> byModule = new LinkedHashMap<>();
            adapters.layers().forEach(l -> byModule.put(TorchNames.module(l.path()), l));
            for (Map.Entry<String, LoraFactors> e : adapter.layers().entrySet()) {
                AdaptedLayer layer = byModule.get(e.getKey());
                if (layer == null) {
                    throw new IllegalArgumentException("the adapter's module " + e.getKey()
                            + " is not adapted in this run; it adapts " + byModule.keySet());
                }
                LoraFactors f = e.getValue();
                float[] a = f.a().toFloats();
                float[] b = f.b().toFloats();
                if (a.length != layer.layer().loraA().getArray().size()
                        || b.length != layer.layer().loraB().getArray().size()) {
                    throw new IllegalArgumentException("the adapter's module " + e.getKey()
                            + " has factors of shapes " + f.a().rows() + "x" + f.a().cols() + " and "
                            + f.b().rows() + "x" + f.b().cols() + " that do not fit the layer");
                }
                float s = (float) f.scale();
                for (int i = 0; i < b.length; i++) {
                    b[i] *= s;
                }
                TensorWrites.overwrite(layer.layer().loraA().getArray(), a);
                TensorWrites.overwrite(layer.layer().loraB().getArray(), b);
            }
            byModule.forEach((module, layer) -> {
                if (!adapter.layers().containsKey(module)) {
                    TensorWrites.overwrite(layer.layer().loraB().getArray(),
                            new float[Math.toIntExact(layer.layer().loraB().getArray().size())]);
                }
            });
            adapters.setEnabled(true);
            return body.apply(block, adapters, test);
        });
    }

    private interface WithAdapters<T> {
        T apply(Block block, AdapterSet adapters, TensorSet test) throws IOException, DataException;
    }

    private interface WithBase<T> {
        T apply(Block block, TensorSet test) throws IOException, DataException;
    }

    /** The run's model with {@code variant}'s trained factors in its adapters (enabled, unmerged). */
    private static <T> T withTrained(RunArtifacts run, LoraVariant variant, WithAdapters<T> body)
            throws IOException, DataException {
        return withFactors(run, variant, trained(run, variant), body);
    }

    private static Map<String, LoraFactors> trained(RunArtifacts run, LoraVariant variant) {
        Map<String, LoraFactors> factors = run.factors().get(variant);
        if (factors == null) {
            throw new IllegalArgumentException("no LoRA variant " + variant.name() + " in this run; have "
                    + run.adapters().keySet());
        }
        return factors;
    }

    /** The run's model with {@code factors} (every layer's) in {@code variant}'s adapters (enabled, unmerged). */
    private static <T> T withFactors(RunArtifacts run, LoraVariant variant, Map<String, LoraFactors> factors,
            WithAdapters<T> body) throws IOException, DataException {
        return withAdapters(run, block -> LayerRanks.configFor(run.plan().adapters(), variant, block), (block, adapters, test) -> {
            for (AdaptedLayer layer : adapters.layers()) {
                LoraFactors f = factors.get(layer.path());
                if (f == null) {
                    throw new IllegalArgumentException("no factors for layer " + layer.path() + " of " + variant.name());
                }
                TensorWrites.overwrite(layer.layer().loraA().getArray(), f.a().toFloats());
                TensorWrites.overwrite(layer.layer().loraB().getArray(), f.b().toFloats());
                if (f.magnitude() != null && layer.layer().magnitude() != null) {
                    TensorWrites.overwrite(layer.layer().magnitude().getArray(), f.magnitude());
                }
            }
            return body.apply(block, adapters, test);
        });
    }

    /** The run's model with adapters of {@code config} (the config of each layer path, given the model). */
    private static <T> T withAdapters(
            RunArtifacts run, Function<Block, Function<String, LoraConfig>> config, WithAdapters<T> body)
            throws IOException, DataException {
        return withBase(run, (block, test) -> body.apply(block,
                LoraInjector.inject(block, run.plan().adapters().targets().loraTargets(), config.apply(block)), test));
    }

    /** A fresh model of the run's architecture holding its base parameters, and its test set. */
    private static <T> T withBase(RunArtifacts run, WithBase<T> body) throws IOException, DataException {
        Engine.getInstance();
        Torch.gradMode(false);
        try (Model model = Model.newInstance("inspect");
                NDManager data = NDManager.newBaseManager();
                TensorSet test = TensorSet.of(data, run.test())) {
            Block block = ModelFactory.build(run.spec());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, run.spec().batchShape(1));
            run.loadBase(block, model.getNDManager());
            return body.apply(block, test);
        }
    }

    /**
     * The test images of {@code trueClass} that {@code evaluation} gets wrong, most confident
     * mistakes first, at most {@code limit}.
     */
    public static List<Misclassified> misclassified(RunArtifacts run, Evaluation evaluation, int trueClass, int limit) {
        ImageSet images = run.testImages();
        if (images == null || evaluation.predicted().isEmpty()) {
            return List.of();
        }
        List<Misclassified> wrong = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            int predicted = evaluation.predicted().get(i);
            if (images.label(i) == trueClass && predicted != trueClass) {
                wrong.add(new Misclassified(i, trueClass, predicted, evaluation.confidence().get(i),
                        images.rows(), images.cols(), images.channels(), images.imageBytes(i)));
            }
        }
        wrong.sort(Comparator.comparingDouble(Misclassified::confidence).reversed());
        return List.copyOf(wrong.subList(0, Math.min(limit, wrong.size())));
    }
}
