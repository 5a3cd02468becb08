package dev.lorabench.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.lorabench.io.Sha256;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SHA-256 of every tensor of a block, in model order, so that "the base is unchanged" is a check
 * of bits, not of tolerances.
 */
public final class TensorDigests {

    private final Map<String, String> perTensor;
    private final String combined;

    private TensorDigests(Map<String, String> perTensor) {
        this.perTensor = Map.copyOf(perTensor);
        MessageDigest all = Sha256.newDigest();
        perTensor.forEach((name, hex) -> {
            all.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            all.update(hex.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        this.combined = Sha256.hex(all);
    }

    /** Digests of all parameters of {@code block} (including running statistics). */
    public static TensorDigests of(Block block) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            map.put(p.getKey(), hex(p.getValue()));
        }
        return new TensorDigests(map);
    }

    /** Digests of the given parameters, under the given names. */
    public static TensorDigests of(Map<String, Parameter> parameters) {
        Map<String, String> map = new LinkedHashMap<>();
        parameters.forEach((name, p) -> map.put(name, hex(p)));
        return new TensorDigests(map);
    }

    private static String hex(Parameter p) {
        // A direct view of the tensor's memory where the engine allows one (a copy otherwise):
        // the same bytes as toByteArray(), without copying every weight into the heap.
        MessageDigest digest = Sha256.newDigest();
        digest.update(p.getArray().toByteBuffer(true));
        return Sha256.hex(digest);
    }

    public Map<String, String> perTensor() {
        return perTensor;
    }

    /** One digest over all tensors (names and contents). */
    public String combined() {
        return combined;
    }
}
