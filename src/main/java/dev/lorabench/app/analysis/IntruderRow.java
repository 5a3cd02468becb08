package dev.lorabench.app.analysis;

import java.util.Locale;

/**
 * One variant's intruder dimensions in a layer at the tab's k and ε.
 *
 * @param k the k used (the asked one capped at half the layer's smaller dimension)
 * @param intruders how many of the top k directions of W + ΔW are intruders
 * @param indices their positions among the top k, 1-based
 * @param lowestCosine the lowest best |cos| among the top k
 */
public record IntruderRow(String variant, int k, int intruders, String indices, double lowestCosine) {

    public String countText() {
        return intruders + " of " + k;
    }

    public String lowestCosineText() {
        return String.format(Locale.ROOT, "%.3f", lowestCosine);
    }
}
