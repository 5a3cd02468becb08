package dev.lorabench.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One adapted layer's ΔW over a fine-tune: its spectrum, ranks and closeness to the final
 * directions at each sampled step, in step order.
 *
 * @param rows ΔW's rows (the layer's outputs)
 * @param cols ΔW's columns (inputs, times kh·kw for a convolution)
 */
public record LayerTimeline(String path, int rows, int cols, List<SpectrumSample> samples) {

    /**
     * How many leading directions φ compares (fewer where ΔW has fewer): the ones that carry most
     * of a LoRA update, as in the lab's comparison with the full fine-tune's top 4.
     */
    public static final int TOP = 4;

    public LayerTimeline {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a timeline needs at least one sample but layer " + path + " had none");
        }
        samples = List.copyOf(samples);
    }

    /**
     * Analyses a layer's samples: each one's exact spectrum through its r×r core ({@link
     * Svd#ofLowRank}) and φ of its top directions against the last sample's.
     *
     * @param steps the sampled steps, ascending; the last is the fine-tune's end
     * @param factorsAt the adapter's factors at {@code steps.get(i)}, asked for once per i
     */
    public static LayerTimeline of(String path, List<Integer> steps, IntFunction<LoraFactors> factorsAt) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a timeline needs at least one step but layer " + path + " had none");
        }
        int last = steps.size() - 1;
        LoraFactors lastFactors = factorsAt.apply(last);
        Svd end = Svd.ofLowRank(lastFactors.b(), lastFactors.a(), lastFactors.scale());
        List<SpectrumSample> samples = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            samples.add(sample(steps.get(i), svd(factorsAt.apply(i)), end));
        }
        samples.add(sample(steps.get(last), end, end));
        return new LayerTimeline(path, lastFactors.b().rows(), lastFactors.a().cols(), samples);
    }

    private static Svd svd(LoraFactors f) {
        return Svd.ofLowRank(f.b(), f.a(), f.scale());
    }

    private static SpectrumSample sample(int step, Svd now, Svd end) {
        double[] sigma = now.sigma();
        return new SpectrumSample(step, sigma, Spectra.effectiveRank(sigma), Spectra.energyRank90(sigma),
                phi(now.v(), now.size(), end.v(), end.size()), phi(now.u(), now.size(), end.u(), end.size()));
    }

    /** φ of the top min(TOP, size) columns of each side; 0 when either has no direction. */
    private static double phi(Matrix now, int nowSize, Matrix end, int endSize) {
        int i = Math.min(TOP, nowSize);
        int j = Math.min(TOP, endSize);
        if (i == 0 || j == 0) {
            return 0;
        }
        return Spectra.subspaceSimilarity(now.leftColumns(i), end.leftColumns(j));
    }

    /** The sampled steps, ascending. */
    public List<Integer> steps() {
        return samples.stream().map(SpectrumSample::step).toList();
    }

    /** The fine-tune's end: the trained adapter's ΔW. */
    public SpectrumSample last() {
        return samples.get(samples.size() - 1);
    }
}
