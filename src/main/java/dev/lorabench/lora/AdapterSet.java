package dev.lorabench.lora;

import java.util.List;

/** All adapters injected into one model, with the switches that act on all of them at once. */
public final class AdapterSet {

    private final List<AdaptedLayer> layers;

    AdapterSet(List<AdaptedLayer> layers) {
        this.layers = List.copyOf(layers);
    }

    public List<AdaptedLayer> layers() {
        return layers;
    }

    /** Sum of r·(in+out) over the adapted layers (conv: r·(in·kh·kw + out)). */
    public long trainableParameters() {
        return layers.stream().mapToLong(AdaptedLayer::trainableParameters).sum();
    }

    public void setEnabled(boolean enabled) {
        layers.forEach(l -> l.layer().setEnabled(enabled));
    }

    public boolean isEnabled() {
        return layers.stream().allMatch(l -> l.layer().isEnabled());
    }

    public void mergeAll() {
        layers.forEach(l -> l.layer().merge());
    }

    public void unmergeAll() {
        layers.forEach(l -> l.layer().unmerge());
    }

    public boolean isMerged() {
        return !layers.isEmpty() && layers.stream().allMatch(l -> l.layer().isMerged());
    }
}
