package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.lorabench.data.DataException;
import dev.lorabench.interop.RunFolder;
import dev.lorabench.interop.RunPlanJson;
import dev.lorabench.interop.StateDicts;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.plan.ExperimentPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A run saved by {@code lorabench run --out DIR --save-adapters}, brought back far enough to
 * evaluate adapters on it ({@link RunInspector#evaluateAdapter}, {@link RunInspector#evaluateBase}):
 * the plan from run.json's config, the test set rebuilt from the dataset exactly as the run built
 * it (same limits, same standardisation), and the base from base.safetensors. Its trained adapters
 * stay in {@code DIR/adapters/} (read them with {@link AlgebraSources#load}); the artifacts hold none.
 */
public final class SavedRun {

    private SavedRun() {}

    /**
     * The artifacts of the run in {@code dir}.
     *
     * @throws DataException one line: no run.json or base.safetensors, a config that does not
     *     read, a dataset that is not cached, a base that does not fit the model
     */
    public static RunArtifacts artifacts(Path dir, DataSource source) throws DataException {
        ExperimentPlan plan = RunPlanJson.read(dir.resolve(RunFolder.RUN_JSON));
        TaskData data = TaskDataLoader.load(plan, source);
        Path base = dir.resolve(RunFolder.BASE);
        byte[] parameters;
        Engine.getInstance();
        Torch.gradMode(false);
        try (Model model = Model.newInstance("saved-run")) {
            Block block = ModelFactory.build(data.spec());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, data.spec().batchShape(1));
            StateDicts.load(base, block);
            parameters = BaseParameters.toBytes(block, data.spec());
        } catch (IOException e) {
            throw new DataException(base + ": " + e.getMessage(), e);
        }
        return new RunArtifacts(plan, data.spec(), parameters, data.test(), data.testImages(), Map.of(), Map.of());
    }

    /** The class names of the run's dataset, as its test set labels them. */
    public static java.util.List<String> classNames(RunArtifacts run) {
        return run.testImages() == null ? java.util.List.of() : run.testImages().classNames();
    }
}
