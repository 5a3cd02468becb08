package dev.lorabench.interop;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.lorabench.lora.FrozenStatistics;
import dev.lorabench.lora.LoraInjector;
import dev.lorabench.lora.LoraLayer;
import dev.lorabench.model.Residual;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names PyTorch gives the same modules and parameters.
 *
 * <p>Our layer paths already follow PyTorch ({@code nn.Sequential} indices, {@code features},
 * {@code layer1.0.conv1}) except for wrappers PyTorch does not have: the residual block's {@code
 * main} path, LoRA's {@code base} child and the frozen-statistics {@code frozen} child. Parameter
 * names map DJL's BatchNorm {@code gamma/beta/runningMean/runningVar} to {@code
 * weight/bias/running_mean/running_var}.
 */
public final class TorchNames {

    private TorchNames() {}

    /** The PyTorch module name of a layer path such as {@code layer1.0.main.conv1}. */
    public static String module(String path) {
        List<String> kept = new ArrayList<>();
        for (String segment : path.split("\\.")) {
            if (!segment.equals("main")) {
                kept.add(segment);
            }
        }
        return String.join(".", kept);
    }

    /**
     * The base parameters of a model (LoRA's A and B left out) by PyTorch state-dict name, in
     * model order.
     */
    public static Map<String, Parameter> parameters(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        walk(root, "", out);
        return out;
    }

    private static void walk(Block block, String prefix, Map<String, Parameter> out) {
        if (!(block instanceof LoraLayer)) {
            for (Pair<String, Parameter> p : block.getDirectParameters()) {
                out.put(join(prefix, parameterName(p.getKey())), p.getValue());
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            String name = LoraInjector.childName(child.getKey());
            boolean wrapper = (block instanceof Residual && name.equals("main"))
                    || (block instanceof LoraLayer && name.equals("base"))
                    || (block instanceof FrozenStatistics && name.equals("frozen"));
            walk(child.getValue(), wrapper ? prefix : join(prefix, name), out);
        }
    }

    static String parameterName(String djl) {
        switch (djl) {
            case "gamma":
                return "weight";
            case "beta":
                return "bias";
            case "runningMean":
                return "running_mean";
            case "runningVar":
                return "running_var";
            default:
                return djl;
        }
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
