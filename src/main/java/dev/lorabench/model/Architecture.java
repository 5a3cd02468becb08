package dev.lorabench.model;

import java.util.Arrays;
import java.util.Locale;

/** The model families the workbench builds. */
public enum Architecture {
    MLP("mlp", "MLP 784-1000-2000-10"),
    RESNET("resnet", "small ResNet"),
    VGG("vgg", "small VGG"),
    RESNET18("resnet18", "ResNet-18 (torchvision layout)"),
    LINEAR("linear", "linear regressor");

    private final String id;
    private final String displayName;

    Architecture(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** Whether the model maps to class logits (false: a regression output). */
    public boolean isClassifier() {
        return this != LINEAR;
    }

    public static Architecture byId(String id) {
        String key = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(a -> a.id.equals(key))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException(
                                "model must be one of mlp, resnet, vgg, resnet18, linear but was " + id));
    }
}
