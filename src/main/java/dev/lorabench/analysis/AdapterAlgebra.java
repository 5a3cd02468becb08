package dev.lorabench.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Combines adapters into one, as PEFT's {@code LoraModel.add_weighted_adapter} does (v0.20.0, with
 * the combined adapter at scale 1; docs/decisions/0026), layer by layer on plain matrices.
 *
 * <p>A layer that only some adapters adapt is combined from those, with their weights, as PEFT
 * does; the result adapts every layer any of them adapts.
 */
public final class AdapterAlgebra {

    private AdapterAlgebra() {}

    /**
     * The adapters combined by {@code how}, weight i for adapter i.
     *
     * @throws IllegalArgumentException when the adapters do not fit the type: another count of
     *     weights, differing ranks on the factor route, layers of different shapes, an SVD rank
     *     above a layer's smaller side
     */
    public static CombinedAdapter combine(List<AdapterFactors> adapters, AdapterCombination how) {
        double[] weights = how.weights();
        if (adapters.isEmpty() || weights.length != adapters.size()) {
            throw new IllegalArgumentException("weights must be one per adapter: " + adapters.size() + " adapters but "
                    + weights.length + " weights");
        }
        CombinationType type = adapters.size() == 1 ? CombinationType.LINEAR : how.type();
        int newRank = newRank(type, adapters, how);
        Map<DropMasks.Site, Matrix> used = new LinkedHashMap<>();
        Map<String, LoraFactors> layers = new LinkedHashMap<>();
        for (String layer : layerNames(adapters)) {
            List<Integer> present = new ArrayList<>();
            for (int i = 0; i < adapters.size(); i++) {
                if (adapters.get(i).layers().containsKey(layer)) {
                    present.add(i);
                }
            }
            LayerJob job = new LayerJob(layer, adapters, present, weights, how, used);
            layers.put(layer, switch (type.route()) {
                case FACTORS -> job.byFactors(type.merge());
                case CONCATENATION -> job.concatenated();
                case SVD -> job.bySvd(type.merge(), newRank);
            });
        }
        return new CombinedAdapter(type, new AdapterFactors(layers, newRank), used);
    }

    /** PEFT's {@code _check_add_weighted_adapter}: the new adapter's r. */
    private static int newRank(CombinationType type, List<AdapterFactors> adapters, AdapterCombination how) {
        int[] ranks = adapters.stream().mapToInt(AdapterFactors::rank).toArray();
        return switch (type.route()) {
            case FACTORS -> {
                if (Arrays.stream(ranks).distinct().count() != 1) {
                    throw new IllegalArgumentException(type.peftName() + " needs adapters of one rank but they have ranks "
                            + Arrays.toString(ranks) + " (cat and the *svd types take any ranks)");
                }
                yield ranks[0];
            }
            case CONCATENATION -> Arrays.stream(ranks).sum();
            case SVD -> how.svdRank().orElse(Arrays.stream(ranks).max().orElseThrow());
        };
    }

    private static Set<String> layerNames(List<AdapterFactors> adapters) {
        Set<String> names = new LinkedHashSet<>();
        adapters.forEach(a -> names.addAll(a.layers().keySet()));
        return names;
    }

    /** One layer's combination over the adapters that adapt it. */
    private record LayerJob(String layer, List<AdapterFactors> adapters, List<Integer> present, double[] weights,
            AdapterCombination how, Map<DropMasks.Site, Matrix> used) {

        LayerJob {
            LoraFactors first = adapters.get(present.get(0)).layers().get(layer);
            for (int i : present) {
                LoraFactors f = adapters.get(i).layers().get(layer);
                if (f.b().rows() != first.b().rows() || f.a().cols() != first.a().cols()) {
                    throw new IllegalArgumentException("layer " + layer + " is " + first.b().rows() + "x"
                            + first.a().cols() + " in adapter " + present.get(0) + " but " + f.b().rows() + "x"
                            + f.a().cols() + " in adapter " + i);
                }
            }
        }

        private LoraFactors factors(int adapter) {
            return adapters.get(adapter).layers().get(layer);
        }

        /** w·s of adapter i: its weight with its own scale folded in. */
        private double scaledWeight(int adapter) {
            return weights[adapter] * factors(adapter).scale();
        }

        /** A's and B's merged apart; the sign of w·s goes to A only, so it is not cancelled. */
        LoraFactors byFactors(TaskMerge merge) {
            int rank = factors(present.get(0)).rank();
            List<Matrix> as = new ArrayList<>();
            List<Matrix> bs = new ArrayList<>();
            double[] wa = new double[present.size()];
            double[] wb = new double[present.size()];
            for (int k = 0; k < present.size(); k++) {
                int i = present.get(k);
                LoraFactors f = factors(i);
                if (f.rank() != rank) {
                    throw new IllegalArgumentException(how.type().peftName() + " needs one rank per layer but layer "
                            + layer + " has rank " + rank + " in adapter " + present.get(0) + " and " + f.rank()
                            + " in adapter " + i);
                }
                double ws = scaledWeight(i);
                wb[k] = Math.sqrt(Math.abs(ws));
                wa[k] = ws >= 0 ? wb[k] : -wb[k];
                as.add(f.a());
                bs.add(f.b());
            }
            Matrix a = merge(merge, as, wa, DropMasks.Part.LORA_A);
            Matrix b = merge(merge, bs, wb, DropMasks.Part.LORA_B);
            return new LoraFactors(a, b, 1);
        }

        /** A = [w₁s₁A₁; …] and B = [B₁, …]: B·A = Σ wᵢsᵢBᵢAᵢ exactly. */
        LoraFactors concatenated() {
            List<Matrix> as = new ArrayList<>();
            List<Matrix> bs = new ArrayList<>();
            for (int i : present) {
                as.add(factors(i).a().scale(scaledWeight(i)));
                bs.add(factors(i).b());
            }
            Matrix b = stackRows(bs.stream().map(Matrix::transpose).toList()).transpose();
            return new LoraFactors(stackRows(as), b, 1);
        }

        /** The merged ΔW, truncated to its leading {@code rank} singular triplets. */
        LoraFactors bySvd(TaskMerge merge, int rank) {
            List<Matrix> deltas = new ArrayList<>();
            double[] w = new double[present.size()];
            for (int k = 0; k < present.size(); k++) {
                int i = present.get(k);
                deltas.add(factors(i).delta()); // PEFT's get_delta_weight: s·B·A, and then weighted by w·s
                w[k] = scaledWeight(i);
            }
            Matrix delta = merge(merge, deltas, w, DropMasks.Part.DELTA);
            if (rank > Math.min(delta.rows(), delta.cols())) {
                throw new IllegalArgumentException("svd rank " + rank + " exceeds the smaller side of layer " + layer
                        + " (" + delta.rows() + "x" + delta.cols() + ")");
            }
            return SvdFactors.of(delta, rank, how.svdClamp());
        }

        private Matrix merge(TaskMerge merge, List<Matrix> tasks, double[] w, DropMasks.Part part) {
            double density = how.density().orElse(1);
            return TaskMerging.merge(merge, tasks, w, density, how.election(), k -> {
                DropMasks.Site site = new DropMasks.Site(layer, part, present.get(k));
                Matrix m = tasks.get(k);
                Matrix mask = how.masks().mask(site, m.rows(), m.cols(), density);
                used.put(site, mask);
                return mask;
            });
        }
    }

    /** The matrices one under another (all with the same number of columns). */
    private static Matrix stackRows(List<Matrix> parts) {
        int cols = parts.get(0).cols();
        int rows = parts.stream().mapToInt(Matrix::rows).sum();
        double[] out = new double[rows * cols];
        int at = 0;
        for (Matrix p : parts) {
            double[] v = p.values();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return Matrix.of(rows, cols, out);
    }
}
