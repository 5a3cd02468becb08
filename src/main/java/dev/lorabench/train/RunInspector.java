package dev.lorabench.train;

import dev.lorabench.plan.LoraVariant;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.data.ImageSet;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.AdapterSet;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.data.DataException;
import dev.lorabench.interop.PeftAdapters;
import dev.lorabench.interop.StateDicts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Looks at a finished run again: re-evaluates a LoRA variant with its adapter off, on or merged
 * (a real forward pass over the test set, not a cached number), and lists the test images a
 * variant gets wrong. Call from a background thread; each call builds and closes its own model.
 */
public final class RunInspector {

    private RunInspector() {}

    /**
     * Evaluates the LoRA variant named {@code variant} of the run on its test set with the adapter in {@code mode}.
     *
     * @throws IllegalArgumentException if the run has no such LoRA variant
     */
    public static Evaluation evaluate(RunArtifacts run, String variant, AdapterMode mode) {
        return evaluate(run, run.loraVariant(variant), mode);
    }

    /** Evaluates {@code variant} of the run on its test set with the adapter in {@code mode}. */
    public static Evaluation evaluate(RunArtifacts run, LoraVariant variant, AdapterMode mode) {
        Map<String, LoraFactors> factors = factorsOf(run, variant);
        LoraConfig config = LayerRanks.config(variant);
        try {
            return withAdapters(run, config, (block, adapters, test) -> {
                for (AdaptedLayer layer : adapters.layers()) {
                    LoraFactors f = factors.get(layer.path());
                    TensorWrites.overwrite(layer.layer().loraA().getArray(), f.a().toFloats());
                    TensorWrites.overwrite(layer.layer().loraB().getArray(), f.b().toFloats());
                }
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

    private static Evaluation onTestSet(RunArtifacts run, Block block, TensorSet test) {
        return new Evaluator(new RunContext(e -> { }, new AtomicBoolean(), 0)).evaluate(
                block, test, run.test().isRegression(), run.testImages() == null ? 0 : run.testImages().numClasses());
    }

    /**
     * Saves a LoRA variant's trained adapter as a PEFT folder (the layout {@code run
     * --save-adapters} writes).
     */
    public static void saveAdapter(RunArtifacts run, String variant, Path dir) throws IOException, DataException {
        saveAdapter(run, run.loraVariant(variant), dir);
    }

    /** Saves {@code variant}'s trained adapter as a PEFT folder. */
    public static void saveAdapter(RunArtifacts run, LoraVariant variant, Path dir) throws IOException, DataException {
        Map<String, LoraFactors> factors = factorsOf(run, variant);
        LoraConfig config = LayerRanks.config(variant);
        withAdapters(run, config, (block, adapters, test) -> {
            for (AdaptedLayer layer : adapters.layers()) {
                LoraFactors f = factors.get(layer.path());
                TensorWrites.overwrite(layer.layer().loraA().getArray(), f.a().toFloats());
                TensorWrites.overwrite(layer.layer().loraB().getArray(), f.b().toFloats());
            }
            Map<String, String> notes = new LinkedHashMap<>();
            StateDicts.metadata(run.spec()).forEach((k, v) -> {
                if (k.startsWith("lorabench.")) {
                    notes.put(k.substring("lorabench.".length()), v);
                }
            });
            notes.put("variant", variant.name());
            PeftAdapters.save(adapters, dir, notes);
            return null;
        });
    }

    /**
     * Loads a PEFT adapter folder into a fresh model of the run's architecture (its base, its
     * LoRA targets) and evaluates it on the run's test set with the adapter on.
     *
     * @throws DataException when the folder does not fit the model (one line naming the file)
     */
    public static Evaluation evaluateAdapterFolder(RunArtifacts run, Path dir) throws DataException {
        LoraConfig config = PeftAdapters.readConfig(dir).loraConfig();
        try {
            return withAdapters(run, config, (block, adapters, test) -> {
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

    private static Map<String, LoraFactors> factorsOf(RunArtifacts run, LoraVariant variant) {
        Map<String, LoraFactors> factors = run.factors().get(variant);
        if (factors == null) {
            throw new IllegalArgumentException("no LoRA variant " + variant.name() + " in this run; have "
                    + run.adapters().keySet());
        }
        return factors;
    }

    private interface WithAdapters<T> {
        T apply(Block block, AdapterSet adapters, TensorSet test) throws IOException, DataException;
    }

    private static <T> T withAdapters(RunArtifacts run, LoraConfig config, WithAdapters<T> body)
            throws IOException, DataException {
        Engine.getInstance();
        JniUtils.setGradMode(false);
        try (Model model = Model.newInstance("inspect");
                NDManager data = NDManager.newBaseManager();
                TensorSet test = TensorSet.of(data, run.test())) {
            Block block = ModelFactory.build(run.spec());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, run.spec().batchShape(1));
            BaseParameters.load(run.baseParametersShared(), "base", block, run.spec(), model.getNDManager());
            AdapterSet adapters = LoraInjector.inject(block, run.plan().adapters().targets().loraTargets(), config);
            return body.apply(block, adapters, test);
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
