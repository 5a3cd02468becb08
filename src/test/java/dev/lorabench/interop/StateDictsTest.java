package dev.lorabench.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.lorabench.Offline;
import dev.lorabench.data.DataException;
import dev.lorabench.data.Safetensors;
import dev.lorabench.model.Architecture;
import dev.lorabench.model.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StateDictsTest {

    @TempDir Path tmp;

    @BeforeAll
    static void offline() {
        Offline.enforce();
    }

    static ModelSpec small(Architecture a) {
        return a == Architecture.LINEAR ? ModelSpec.linear(10, 5)
                : a == Architecture.MLP ? ModelSpec.mlpMnist() : ModelSpec.forImages(a, 1, 8, 8, 10);
    }

    @Test
    void namesFollowPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<String> mlp = List.copyOf(TorchNames.parameters(Models.build(m, ModelSpec.mlpMnist())).keySet());
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"), mlp);
            var resnet = TorchNames.parameters(Models.build(m, small(Architecture.RESNET))).keySet();
            for (String k : List.of("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                    "layer1.0.conv1.weight", "layer1.0.bn2.running_var", "layer2.0.downsample.0.weight",
                    "layer2.0.downsample.1.running_mean", "fc.weight", "fc.bias")) {
                assertTrue(resnet.contains(k), k + " in " + resnet);
            }
            assertEquals(47, resnet.size()); // 1 + 4 + (2 + 8) + 2 × (3 + 12) + 2
            var vgg = TorchNames.parameters(Models.build(m, small(Architecture.VGG))).keySet();
            assertEquals(List.of("features.0.weight", "features.2.weight", "features.5.weight", "features.7.weight",
                    "classifier.0.weight", "classifier.0.bias", "classifier.2.weight", "classifier.2.bias"), List.copyOf(vgg));
        }
        assertEquals("layer1.0.conv1", TorchNames.module("layer1.0.main.conv1"));
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void exportThenImportGivesIdenticalOutputs(Architecture a) throws Exception {
        ModelSpec spec = small(a);
        Path file = tmp.resolve(a.id() + ".safetensors");
        float[] x = Models.inputs(spec, 3, 7);
        float[] expected;
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build(m, spec);
            Models.randomize(block, 11);
            expected = Models.forward(block, spec, x);
            StateDicts.export(block, spec, file);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block fresh = Models.build(m, spec);
            try (Safetensors.Reader r = Safetensors.open(file)) {
                assertEquals(a.id(), r.metadata().get(StateDicts.ARCHITECTURE));
                StateDicts.load(r, fresh, spec);
            }
            assertArrayEquals(expected, Models.forward(fresh, spec, x), 0f);
        }
    }

    @Test
    void importRefusesMissingExtraMisshapenAndOtherModels() throws Exception {
        ModelSpec spec = small(Architecture.RESNET);
        Path good = tmp.resolve("good.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            StateDicts.export(Models.build(m, spec), spec, good);
            Map<String, Safetensors.Tensor> t = new TreeMap<>(Safetensors.readAll(good));

            Map<String, Safetensors.Tensor> missing = new TreeMap<>(t);
            missing.remove("bn1.running_var");
            assertEquals("missing tensor bn1.running_var", problem(m, spec, missing, Map.of()));

            Map<String, Safetensors.Tensor> extra = new TreeMap<>(t);
            extra.put("fc2.weight", Safetensors.Tensor.of(new float[1], 1));
            assertTrue(problem(m, spec, extra, Map.of()).startsWith("unexpected tensor fc2.weight"));

            Map<String, Safetensors.Tensor> counters = new TreeMap<>(t);
            counters.put("bn1.num_batches_tracked", Safetensors.Tensor.of(new float[1]));
            assertEquals("", problem(m, spec, counters, Map.of()), "num_batches_tracked is ignored");

            Map<String, Safetensors.Tensor> shape = new TreeMap<>(t);
            shape.put("fc.weight", Safetensors.Tensor.of(new float[64 * 9], 9, 64));
            assertEquals("tensor fc.weight: shape [9, 64] does not match the model's [10, 64]",
                    problem(m, spec, shape, Map.of()));

            assertEquals("weights are for vgg 1x8x8->10 but the run uses resnet 1x8x8->10",
                    problem(m, spec, t, Map.of(StateDicts.ARCHITECTURE, "vgg", StateDicts.INPUT, "1x8x8",
                            StateDicts.OUTPUTS, "10")));
        }
    }

    private String problem(NDManager m, ModelSpec spec, Map<String, Safetensors.Tensor> t, Map<String, String> meta)
            throws Exception {
        Path f = tmp.resolve("bad.safetensors");
        Safetensors.write(f, t, meta);
        Block block = Models.build(m, spec);
        try (Safetensors.Reader r = Safetensors.open(f)) {
            StateDicts.load(r, block, spec);
            return "";
        } catch (DataException e) {
            assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
            return e.getMessage().substring(f.toString().length() + 2);
        }
    }

    @Test
    void aBadFileThrowsBeforeChangingAnything() throws Exception {
        ModelSpec spec = ModelSpec.linear(10, 5);
        Path f = tmp.resolve("half.safetensors");
        Safetensors.write(f, Map.of("0.weight", Safetensors.Tensor.of(new float[50], 5, 10)), Map.of());
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build(m, spec);
            float[] before = Models.forward(block, spec, Models.inputs(spec, 2, 1));
            assertThrows(DataException.class, () -> StateDicts.load(f, block));
            assertArrayEquals(before, Models.forward(block, spec, Models.inputs(spec, 2, 1)), 0f);
        }
    }
}
