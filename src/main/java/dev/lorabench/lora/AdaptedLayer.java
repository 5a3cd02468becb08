package dev.lorabench.lora;

/**
 * One adapter in a model.
 *
 * @param path the layer's path in the model, dot-separated (e.g. {@code "2"} or {@code
 *     "layer1.0.conv1"})
 * @param layer the LoRA block now standing where the base layer stood
 */
public record AdaptedLayer(String path, LoraLayer layer) {

    public long trainableParameters() {
        return layer.trainableParameters();
    }
}
