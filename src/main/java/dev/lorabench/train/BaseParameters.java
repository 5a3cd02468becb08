package dev.lorabench.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.lorabench.model.ModelSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The base model's parameters as bytes: a small header naming the model they fit, then DJL's own
 * parameter stream. The header lets a wrong file be refused with a clear message instead of a
 * shape error deep in the engine. A file named {@code *.safetensors} is read as a PyTorch state
 * dict instead.
 */
public final class BaseParameters {

    private static final String MAGIC = "LORABENCH-BASE";
    private static final int VERSION = 1;

    private BaseParameters() {}

    /** Saves the block's parameters for {@code spec}. */
    public static byte[] toBytes(Block block, ModelSpec spec) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(describe(spec));
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    /**
     * Loads parameters into an initialised block built for {@code spec}.
     *
     * @throws IOException naming what does not fit
     */
    public static void load(byte[] data, String source, Block block, ModelSpec spec, NDManager manager)
            throws IOException {
        load(data, source, block, spec, manager, false);
    }

    /**
     * As {@link #load(byte[], String, Block, ModelSpec, NDManager)}; with {@code newHead}, a PyTorch
     * state dict whose output layer has another number of classes loads without it, and the
     * model's freshly initialised head is kept (to be trained with base epochs).
     */
    public static void load(byte[] data, String source, Block block, ModelSpec spec, NDManager manager, boolean newHead)
            throws IOException {
        if (source.toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors")) {
            // A PyTorch state dict (see dev.lorabench.interop.StateDicts).
            try {
                dev.lorabench.interop.StateDicts.load(
                        dev.lorabench.data.Safetensors.parse(data, source), block, spec, newHead);
            } catch (dev.lorabench.data.DataException e) {
                throw new IOException(e.getMessage(), e);
            }
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            String magic;
            try {
                magic = in.readUTF();
            } catch (IOException e) {
                magic = "";
            }
            if (!MAGIC.equals(magic)) {
                throw new IOException(source + ": not a lorabench base parameter file");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(source + ": unsupported base file version " + version);
            }
            if (newHead) {
                throw new IOException(source + ": a new head needs a PyTorch state dict (.safetensors), not a base.params file");
            }
            String saved = in.readUTF();
            if (!saved.equals(describe(spec))) {
                throw new IOException(source + ": base is for " + saved + " but the run uses " + describe(spec));
            }
            block.loadParameters(manager, in);
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw new IOException(source + ": parameters do not fit the model (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a base file with a size bound before loading it. */
    public static byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > 1L << 31) {
            throw new IOException(file + ": " + size + " bytes is too large for a base parameter file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }

    static String describe(ModelSpec spec) {
        return spec.architecture().id() + " " + spec.channels() + "x" + spec.height() + "x" + spec.width()
                + "->" + spec.outputs();
    }
}
