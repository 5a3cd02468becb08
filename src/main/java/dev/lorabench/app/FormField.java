package dev.lorabench.app;

import java.util.List;

/** The experiment form's fields that can hold a bad value, with the builder messages about each. */
public enum FormField {
    BASE_FILE("base file"),
    BASE_EPOCHS("base epochs"),
    BATCH_SIZE("batch size"),
    LR("lr"),
    DATASET("dataset", "the linear regressor", "the synthetic dataset"),
    CLASSES("fine-tune classes"),
    REPLAY("replay"),
    TRAIN_LIMIT("train limit"),
    TEST_LIMIT("test limit"),
    RANKS("ranks", "rank ", "select at least one rank"),
    ALPHA("alpha"),
    TARGETS("targets"),
    FINETUNE_EPOCHS("fine-tune epochs"),
    FINETUNE_STEPS("fine-tune steps"),
    SEED("seed"),
    SPLIT("split"),
    IMAGE_SIZE("image size"),
    EARLY_STOPPING("early stopping");

    private final String label;
    private final List<String> prefixes;

    FormField(String label, String... extraPrefixes) {
        this.label = label;
        this.prefixes = extraPrefixes.length == 0 ? List.of(label + " ") : List.of(extraPrefixes);
    }

    public String label() {
        return label;
    }

    /** The field an {@code ExperimentPlan.Builder} message is about, or null. */
    public static FormField about(String message) {
        if (message == null) {
            return null;
        }
        for (FormField f : values()) {
            for (String p : f.prefixes) {
                if (message.startsWith(p)) {
                    return f;
                }
            }
        }
        return null;
    }
}
