package dev.lorabench.analysis;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
        MessageDigest all = sha256();
        perTensor.forEach((name, hex) -> {
            all.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            all.update(hex.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        this.combined = HexFormat.of().formatHex(all.digest());
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
        MessageDigest digest = sha256();
        digest.update(p.getArray().toByteBuffer(true));
        return HexFormat.of().formatHex(digest.digest());
    }

    public Map<String, String> perTensor() {
        return perTensor;
    }

    /** One digest over all tensors (names and contents). */
    public String combined() {
        return combined;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
