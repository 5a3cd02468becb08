package dev.lorabench.plan;

import java.nio.file.Path;
import java.util.Objects;

/** Where the base comes from: trained here for some epochs, or loaded from a file. */
public sealed interface BasePlan {

    /** Epochs of base training (for a loaded base: to train it further, e.g. a new head; 0: none). */
    int epochs();

    /** The loaded file, or null when the base is trained from scratch. */
    default Path file() {
        return this instanceof Loaded l ? l.path() : null;
    }

    /**
     * The dataset the base is trained and evaluated on when it is another than the fine-tune's
     * (a transfer run, e.g. MNIST then Fashion-MNIST); null: the fine-tune's own dataset.
     */
    DatasetRef dataset();

    /** Whether a loaded state dict's output layer is replaced by a fresh one. */
    default boolean newHead() {
        return this instanceof Loaded l && l.freshHead();
    }

    /** A base trained from scratch for {@code epochs} (at least 1), on {@code dataset} (null: the fine-tune's). */
    record Trained(int epochs, DatasetRef dataset) implements BasePlan {
        public Trained {
            if (epochs < 1) {
                throw new PlanException(PlanField.BASE_EPOCHS, "base epochs must be at least 1 but was " + epochs);
            }
        }

        /** A base trained on the fine-tune's dataset. */
        public Trained(int epochs) {
            this(epochs, null);
        }
    }

    /**
     * A base loaded from {@code path} (a lorabench base.params or a PyTorch state dict), trained
     * on for {@code epochs} on {@code dataset} (null: the fine-tune's); {@code freshHead} drops an
     * output layer made for another class count.
     */
    record Loaded(Path path, int epochs, boolean freshHead, DatasetRef dataset) implements BasePlan {
        public Loaded {
            Objects.requireNonNull(path, "path");
            if (epochs < 0) {
                throw new PlanException(PlanField.BASE_EPOCHS, "base epochs must be at least 0 but was " + epochs);
            }
            if (freshHead && epochs < 1) {
                throw new PlanException(PlanField.NEW_HEAD,
                        "a new head needs --base FILE.safetensors and at least 1 base epoch to train it");
            }
        }

        /** A loaded base trained on (if at all) on the fine-tune's dataset. */
        public Loaded(Path path, int epochs, boolean freshHead) {
            this(path, epochs, freshHead, null);
        }
    }
}
