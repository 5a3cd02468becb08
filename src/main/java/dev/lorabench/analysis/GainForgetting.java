package dev.lorabench.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * What a fine-tune bought and what it cost, per class: the change in test errors against the
 * base. Gain is the drop in errors on the target classes, forgetting the rise on the others.
 *
 * @param deltaErrors variant errors minus base errors, per class (negative: better)
 */
public record GainForgetting(List<Integer> deltaErrors, int gain, int forgetting) {

    public GainForgetting {
        deltaErrors = List.copyOf(deltaErrors);
    }

    public static GainForgetting of(List<Integer> baseErrors, List<Integer> variantErrors, List<Integer> targets) {
        List<Integer> delta = new ArrayList<>();
        int gain = 0;
        int forgetting = 0;
        for (int c = 0; c < baseErrors.size(); c++) {
            int d = variantErrors.get(c) - baseErrors.get(c);
            delta.add(d);
            if (targets.contains(c)) {
                gain -= d;
            } else {
                forgetting += d;
            }
        }
        return new GainForgetting(delta, gain, forgetting);
    }
}
