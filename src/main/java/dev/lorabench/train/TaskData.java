package dev.lorabench.train;

import dev.lorabench.data.ImageSet;
import dev.lorabench.model.ModelSpec;
import java.util.List;

/**
 * The data of one run, ready for the engine: base training rows, fine-tune rows, test rows, and
 * the model input they fit. For classification the fine-tune rows are chosen later, once the
 * base's worst class is known, so {@code finetune} may equal {@code train}. {@code testImages}
 * keeps the raw test images for views that show them (null for regression); {@code validation}
 * is the source's validation part when it has one (image folders), else null.
 *
 * <p>In a transfer run (a base dataset of its own) {@code train} and {@code baseTest} are the base
 * dataset's rows and {@code finetune}, {@code test}, {@code validation} the fine-tune dataset's;
 * otherwise {@code baseTest} is null and the base is tested on {@code test}.
 */
record TaskData(
        ModelSpec spec,
        Samples train,
        Samples finetune,
        Samples test,
        List<String> classNames,
        ImageSet testImages,
        Samples validation,
        Samples baseTest) {

    /** Data of one dataset: the base trains on the rows the fine-tune picks from. */
    TaskData(ModelSpec spec, Samples train, Samples finetune, Samples test, List<String> classNames,
            ImageSet testImages, Samples validation) {
        this(spec, train, finetune, test, classNames, testImages, validation, null);
    }

    /** Whether the base has a dataset of its own. */
    boolean transfer() {
        return baseTest != null;
    }

    boolean isRegression() {
        return train.isRegression();
    }

    /**
     * The same data with the training inputs dropped from the JVM once the engine holds them
     * (188 MB of floats for MNIST): labels stay, so fine-tune rows can still be chosen, and are
     * then copied out of the engine ({@link TaskDataLoader#finetuneSamples}). Regression data is
     * small and kept as it is.
     */
    TaskData withTrainInputsReleased() {
        if (isRegression() || finetune != train) {
            return this;
        }
        Samples labels = Samples.labelsOnly(train.features(), train.labels());
        return new TaskData(spec, labels, labels, test, classNames, testImages, validation);
    }
}
