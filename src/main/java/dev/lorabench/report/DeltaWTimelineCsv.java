package dev.lorabench.report;

import dev.lorabench.analysis.DeltaWTimeline;
import dev.lorabench.analysis.LayerTimeline;
import dev.lorabench.analysis.SpectrumSample;
import dev.lorabench.analysis.VariantTimeline;
import dev.lorabench.train.DirectionEffect;
import java.util.List;

/** "ΔW over time" as CSV text (ADR 0028): the timeline in long format, and a direction's effect per class. */
public final class DeltaWTimelineCsv {

    private DeltaWTimelineCsv() {}

    /**
     * One row per variant, layer, step and singular value (index from 1), the step's ranks and φ
     * repeated on each; a step whose ΔW is 0 has one row with index and sigma empty.
     */
    public static String timeline(DeltaWTimeline timeline) {
        CsvText csv = CsvText.withHeader("variant", "layer", "step", "effective_rank", "energy_rank90",
                "phi_input", "phi_output", "index", "sigma");
        for (VariantTimeline v : timeline.variants()) {
            for (LayerTimeline layer : v.layers()) {
                for (SpectrumSample s : layer.samples()) {
                    if (s.size() == 0) {
                        csv.row(v.name(), layer.path(), s.step(), s.effectiveRank(), s.energyRank90(), s.phiInput(),
                                s.phiOutput(), "", "");
                    }
                    for (int i = 0; i < s.size(); i++) {
                        csv.row(v.name(), layer.path(), s.step(), s.effectiveRank(), s.energyRank90(), s.phiInput(),
                                s.phiOutput(), i + 1, s.sigma(i));
                    }
                }
            }
        }
        return csv.toString();
    }

    /** One row per class: the variant's test errors, without the removed directions, and the change. */
    public static String directionEffect(List<String> classNames, DirectionEffect effect) {
        CsvText csv = CsvText.withHeader("variant", "removed", "class", "errors", "errors_without", "delta");
        String removed = removed(effect);
        List<Integer> delta = effect.deltaErrors();
        for (int c = 0; c < delta.size(); c++) {
            csv.row(effect.variant().name(), removed, c < classNames.size() ? classNames.get(c) : String.valueOf(c),
                    effect.own().classErrors().get(c), effect.without().classErrors().get(c), delta.get(c));
        }
        return csv.toString();
    }

    /** "layer 2: σ1=0.0123" for each removed direction (indices from 1), joined by "; ". */
    public static String removed(DirectionEffect effect) {
        StringBuilder text = new StringBuilder();
        effect.removed().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> {
            List<Double> sigma = effect.removedSigma().get(e.getKey());
            for (int k = 0; k < e.getValue().size(); k++) {
                if (text.length() > 0) {
                    text.append("; ");
                }
                text.append("layer ").append(e.getKey()).append(": σ").append(e.getValue().get(k) + 1).append('=')
                        .append(String.format(java.util.Locale.ROOT, "%.4g", sigma.get(k)));
            }
        });
        return text.toString();
    }
}
