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
 */
record TaskData(
        ModelSpec spec,
        Samples train,
        Samples finetune,
        Samples test,
        List<String> classNames,
        ImageSet testImages,
        Samples validation) {

    boolean isRegression() {
        return train.isRegression();
    }
}
