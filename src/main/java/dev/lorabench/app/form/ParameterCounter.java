package dev.lorabench.app.form;

import dev.lorabench.model.Architecture;
import dev.lorabench.model.ModelFactory;
import dev.lorabench.model.ModelSpec;
import java.util.function.ToLongFunction;

/** Counts a model's learned parameters for the Model panel (engine-side; call off the FX thread). */
public final class ParameterCounter implements ToLongFunction<Architecture> {

    /** The model the workbench builds for an architecture: 28×28 grey images, 10 classes. */
    static ModelSpec specFor(Architecture architecture) {
        if (architecture == Architecture.MLP) {
            return ModelSpec.mlpMnist();
        }
        if (architecture == Architecture.LINEAR) {
            return ModelSpec.linear(10, 5);
        }
        return ModelSpec.forImages(architecture, 1, 28, 28, 10);
    }

    @Override
    public long applyAsLong(Architecture architecture) {
        return ModelFactory.countParameters(specFor(architecture));
    }
}
