package dev.lorabench.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.lorabench.Offline;
import dev.lorabench.data.Safetensors;
import dev.lorabench.model.Architecture;
import dev.lorabench.model.ModelSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State dicts made by PyTorch itself (tools/make_torch_fixtures.py, committed under
 * src/test/resources/torch-fixtures) import into lorabench's models and give PyTorch's outputs.
 */
class TorchFixtureTest {

    @TempDir Path tmp;

    @BeforeAll
    static void offline() {
        Offline.enforce();
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet", "vgg", "linear"})
    void pytorchWeightsGivePytorchLogits(String name) throws Exception {
        Path fixture = Path.of(TorchFixtureTest.class.getResource("/torch-fixtures/" + name + ".safetensors").toURI());
        Map<String, Safetensors.Tensor> all;
        Map<String, String> meta;
        try (Safetensors.Reader r = Safetensors.open(fixture)) {
            all = new TreeMap<>(r.readAll());
            meta = r.metadata();
        }
        Safetensors.Tensor inputs = all.remove("_check.inputs");
        Safetensors.Tensor logits = all.remove("_check.logits");
        Path stateDict = tmp.resolve(name + ".safetensors");
        Safetensors.write(stateDict, all, meta);

        Architecture a = Architecture.byId(meta.get(StateDicts.ARCHITECTURE));
        String[] chw = meta.get(StateDicts.INPUT).split("x");
        ModelSpec spec = new ModelSpec(a, Integer.parseInt(chw[0]), Integer.parseInt(chw[1]),
                Integer.parseInt(chw[2]), Integer.parseInt(meta.get(StateDicts.OUTPUTS)));
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build(m, spec);
            try (Safetensors.Reader r = Safetensors.open(stateDict)) {
                StateDicts.load(r, block, spec);
            }
            assertArrayEquals(logits.values(), Models.forward(block, spec, inputs.values()), 1e-4f);
        }
    }
}
