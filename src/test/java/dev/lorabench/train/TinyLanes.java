package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import dev.lorabench.lora.LoraLayer;
import dev.lorabench.model.Seq;
import java.util.List;

/** Tiny models and lanes for the fit-loop tests (lane shutdown, stacking, divergence). */
final class TinyLanes {

    private TinyLanes() {}

    /**
     * A new model named {@code name} (added to {@code models}, which the test closes) whose block is
     * Linear layers of the given widths with a ReLU between each two, children "0", "1", …,
     * initialised for {@code features} inputs from the engine seed 3, so every call starts alike.
     */
    static Model mlp(String name, List<Model> models, int features, int... widths) {
        Seq block = new Seq();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                block.add(Integer.toString(block.getChildren().size()), Activation.reluBlock());
            }
            block.add(Integer.toString(block.getChildren().size()), Linear.builder().setUnits(widths[i]).build());
        }
        return model(name, models, features, block);
    }

    /** A new model (added to {@code models}) around {@code block}, initialised from the engine seed 3. */
    static Model model(String name, List<Model> models, int features, Block block) {
        Model model = Model.newInstance(name);
        models.add(model);
        Engine.getInstance().setRandomSeed(3);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, features));
        model.setBlock(block);
        return model;
    }

    /** The lane of an adapted model ("r" + rank, its first layer shared), or the full fine-tune's at rank 0. */
    static Lane lane(Model model, int rank) {
        if (rank == 0) {
            return new Lane("full", model, null);
        }
        return new Lane("r" + rank, model, (LoraLayer) model.getBlock().getChildren().get(0).getValue());
    }
}
