package dev.lorabench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches the real Fashion-MNIST from its OS package directory; skipped where it is not installed. */
class SystemDatasetTest {

    @TempDir
    Path root;

    @Test
    void fetchesFashionMnistFromTheSystemDir() throws Exception {
        DatasetSpec spec = DatasetSpec.FASHION_MNIST;
        assumeTrue(Files.isDirectory(spec.systemDir()), spec.systemDir() + " is not installed");
        DatasetCache cache = new DatasetCache(root);
        DatasetStatus status = cache.fetch(spec, null, FetchProgress.NONE);
        assertEquals(DatasetState.CACHED, status.state(), status.detail());
        TrainTest data = cache.load(spec);
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        // Fashion-MNIST is balanced: 6000 train and 1000 test images per class.
        int[] train = new int[10];
        java.util.Arrays.fill(train, 6000);
        assertArrayEquals(train, data.train().classCounts());
        assertEquals("Ankle boot", data.test().classNames().get(9));
    }
}
