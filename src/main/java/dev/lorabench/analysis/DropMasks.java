package dev.lorabench.analysis;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where DARE's random drops come from: one 0/1 mask per task tensor, 1 keeping an entry (PEFT's
 * {@code torch.bernoulli(full_like(tensor, density))} in {@code merge_utils.random_pruning}).
 *
 * <p>The mask is an input rather than a hidden random draw because torch's generator cannot be
 * reproduced bit for bit from Java: {@link #seeded} gives repeatable masks of its own, and {@link
 * #recorded} replays masks drawn elsewhere, so a combination can be checked against PEFT on the
 * very same drops (tools/peft_combine_check.py feeds lorabench's masks to PEFT, or records PEFT's).
 * docs/decisions/0026.
 */
@FunctionalInterface
public interface DropMasks {

    /** Which tensor of a combination a mask is for. */
    enum Part {
        /** A layer's lora_A of one adapter (the factor route: linear, ties, dare_*, magnitude_prune). */
        LORA_A("lora_A"),
        /** A layer's lora_B of one adapter (the factor route). */
        LORA_B("lora_B"),
        /** A layer's ΔW = s·B·A of one adapter (the *_svd route). */
        DELTA("delta");

        private final String key;

        Part(String key) {
            this.key = key;
        }

        /** The name in mask files: PEFT's tensor name, or "delta". */
        public String key() {
            return key;
        }

        /** The part named {@code key} in a mask file. */
        public static Part byKey(String key) {
            for (Part p : values()) {
                if (p.key.equals(key)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("mask part must be lora_A, lora_B or delta but was " + key);
        }
    }

    /**
     * One task tensor: a layer, a part, and the adapter's position in the list being combined.
     */
    record Site(String layer, Part part, int adapter) {

        public Site {
            if (layer == null || layer.isEmpty()) {
                throw new IllegalArgumentException("mask site layer must be named but was " + layer);
            }
            if (part == null) {
                throw new IllegalArgumentException("mask site part must be set but was null");
            }
            if (adapter < 0) {
                throw new IllegalArgumentException("mask site adapter must be at least 0 but was " + adapter);
            }
        }

        /** {@code <layer>.<part>.<adapter>}, the key of this mask in a mask file. */
        public String key() {
            return layer + "." + part.key() + "." + adapter;
        }

        /** The site a mask-file key names; the layer may itself contain dots. */
        public static Site ofKey(String key) {
            int last = key.lastIndexOf('.');
            int middle = last < 0 ? -1 : key.lastIndexOf('.', last - 1);
            if (middle <= 0) {
                throw new IllegalArgumentException("mask key must be <layer>.<part>.<adapter> but was " + key);
            }
            int adapter;
            try {
                adapter = Integer.parseInt(key.substring(last + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mask key must end in an adapter index but was " + key);
            }
            return new Site(key.substring(0, middle), Part.byKey(key.substring(middle + 1, last)), adapter);
        }
    }

    /**
     * The mask for one task tensor: {@code rows × cols}, every entry 0 (drop) or 1 (keep), each 1
     * with probability {@code density}.
     */
    Matrix mask(Site site, int rows, int cols, double density);

    /**
     * Repeatable Bernoulli masks: each site draws from its own generator, seeded from {@code seed}
     * and the site, so a mask does not depend on which other sites were drawn first. Not torch's
     * numbers: the same seed in PEFT gives other drops.
     */
    static DropMasks seeded(long seed) {
        return (site, rows, cols, density) -> {
            long s = mix(seed);
            s = mix(s ^ site.layer().hashCode());
            s = mix(s ^ site.part().ordinal());
            s = mix(s ^ site.adapter());
            SplittableRandom random = new SplittableRandom(s);
            double[] keep = new double[rows * cols];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = random.nextDouble() < density ? 1 : 0;
            }
            return Matrix.of(rows, cols, keep);
        };
    }

    /**
     * Masks drawn elsewhere (e.g. by PEFT with torch's generator), looked up by site; a missing
     * site or a mask of another shape is an error naming the site.
     */
    static DropMasks recorded(Map<Site, Matrix> masks) {
        Map<Site, Matrix> copy = Map.copyOf(masks);
        return (site, rows, cols, density) -> {
            Matrix m = copy.get(site);
            if (m == null) {
                throw new IllegalArgumentException("no recorded mask for " + site.key());
            }
            if (m.rows() * m.cols() != rows * cols) {
                throw new IllegalArgumentException("the recorded mask for " + site.key() + " has " + m.rows() * m.cols()
                        + " entries but the tensor has " + rows + "x" + cols);
            }
            return m.rows() == rows ? m : Matrix.of(rows, cols, m.values());
        };
    }

    /** SplitMix64's finaliser: spreads every input bit over the whole seed. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
