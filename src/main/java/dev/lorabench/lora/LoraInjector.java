package dev.lorabench.lora;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import dev.lorabench.model.ReplaceableChildren;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts LoRA adapters into an initialised model, in place.
 *
 * <p>The whole base is frozen first with DJL's freeze API, so only the new A and B parameters
 * receive gradients and optimizer updates; normalisation layers are wrapped in {@link
 * FrozenStatistics} so their running statistics stay as the base left them.
 */
public final class LoraInjector {

    private LoraInjector() {}

    /**
     * Adapts the selected layers of {@code root}.
     *
     * @throws IllegalArgumentException if a named target does not exist, nothing matched, or the
     *     rank is too large for a selected layer
     */
    public static AdapterSet inject(Block root, LoraTargets targets, LoraConfig config) {
        return inject(root, targets, path -> config);
    }

    /**
     * Adapts the selected layers of {@code root}, each with its own config (PEFT's {@code
     * rank_pattern} / {@code alpha_pattern}: rank, alpha or even method per layer path).
     *
     * @param configFor the config of the layer at a path; called once per selected layer
     * @throws IllegalArgumentException as {@link #inject(Block, LoraTargets, LoraConfig)}
     */
    public static AdapterSet inject(
            Block root, LoraTargets targets, java.util.function.Function<String, LoraConfig> configFor) {
        root.freezeParameters(true);
        List<AdaptedLayer> adapted = new ArrayList<>();
        Set<String> unmatched = new HashSet<>(targets.names());
        walk(root, "", targets, configFor, adapted, unmatched);
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException(
                    "no adaptable layer named " + String.join(", ", unmatched.stream().sorted().toList())
                            + "; layers are " + String.join(", ", layerPaths(root)));
        }
        if (adapted.isEmpty()) {
            throw new IllegalArgumentException("the model has no layer that the LoRA targets select");
        }
        return new AdapterSet(adapted);
    }

    /**
     * The layers {@code targets} selects, in model order, each with the largest rank it can hold:
     * min(out, in·kh·kw) (what a per-layer rank, PEFT's {@code rank_pattern}, is checked against).
     */
    public static java.util.Map<String, Long> maxRanks(Block root, LoraTargets targets) {
        java.util.Map<String, Long> max = new java.util.LinkedHashMap<>();
        visitLayers(root, "", (path, layer) -> {
            if (selects(targets, path, layer)) {
                long[] s = LoraLinear.weightOf(layer).getArray().getShape().getShape();
                long in = 1;
                for (int i = 1; i < s.length; i++) {
                    in *= s[i];
                }
                max.put(path, Math.min(in, s[0]));
            }
        });
        return max;
    }

    /** Paths of all layers an adapter could be put on, in model order. */
    public static List<String> layerPaths(Block root) {
        return new ArrayList<>(layers(root).keySet());
    }

    /** All linear and conv layers by path, in model order (the base layer for adapted ones). */
    public static java.util.Map<String, Block> layers(Block root) {
        java.util.Map<String, Block> layers = new java.util.LinkedHashMap<>();
        visitLayers(root, "", layers::put);
        return layers;
    }

    /** The display path of a child key: DJL prefixes keys with a two-digit position. */
    public static String childName(String key) {
        return key.length() > 2 && Character.isDigit(key.charAt(0)) && Character.isDigit(key.charAt(1))
                ? key.substring(2)
                : key;
    }

    private interface LayerVisitor {
        void visit(String path, Block layer);
    }

    private static void visitLayers(Block block, String prefix, LayerVisitor visitor) {
        for (Pair<String, Block> child : block.getChildren()) {
            String path = join(prefix, childName(child.getKey()));
            Block b = child.getValue();
            if (b instanceof Linear || b instanceof Conv2d) {
                visitor.visit(path, b);
            } else if (b instanceof LoraLayer lora) {
                visitor.visit(path, lora.base());
            } else {
                visitLayers(b, path, visitor);
            }
        }
    }

    private static void walk(
            Block block,
            String prefix,
            LoraTargets targets,
            java.util.function.Function<String, LoraConfig> configFor,
            List<AdaptedLayer> adapted,
            Set<String> unmatched) {
        for (Pair<String, Block> child : block.getChildren()) {
            String path = join(prefix, childName(child.getKey()));
            Block b = child.getValue();
            Block replacement = null;
            if (selects(targets, path, b)) {
                LoraConfig config = configFor.apply(path);
                LoraLayer lora =
                        b instanceof Linear linear
                                ? LoraLinear.wrap(linear, config)
                                : LoraConv2d.wrap((Conv2d) b, config);
                adapted.add(new AdaptedLayer(path, lora));
                unmatched.remove(path);
                replacement = lora;
            } else if (b instanceof BatchNorm) {
                replacement = new FrozenStatistics(b);
            } else if (!(b instanceof LoraLayer) && !(b instanceof FrozenStatistics)) {
                walk(b, path, targets, configFor, adapted, unmatched);
            }
            if (replacement != null) {
                if (!(block instanceof ReplaceableChildren parent)) {
                    throw new IllegalArgumentException(
                            "cannot adapt " + path + ": its container "
                                    + block.getClass().getSimpleName() + " cannot replace children");
                }
                // Shapes are known from the base; initialising here creates A and B.
                replacement.initialize(managerOf(b), DataType.FLOAT32, b.getInputShapes());
                parent.replaceChild(child.getKey(), replacement);
            }
        }
    }

    /** The manager holding the layer's parameters, so adapter parameters live as long. */
    private static NDManager managerOf(Block b) {
        return b.getParameters().values().stream()
                .filter(Parameter::isInitialized)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("layer must be initialised first"))
                .getArray()
                .getManager();
    }

    private static boolean selects(LoraTargets targets, String path, Block b) {
        boolean linear = b instanceof Linear;
        boolean conv = b instanceof Conv2d;
        if (!linear && !conv) {
            return false;
        }
        return (linear && targets.linear()) || (conv && targets.conv()) || targets.names().contains(path);
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
