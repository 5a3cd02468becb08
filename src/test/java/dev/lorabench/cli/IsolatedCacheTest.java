package dev.lorabench.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the command-line tests: each test gets its own temporary folder {@code tmp} and a dataset
 * cache under it, so no test reads or fills the developer's cache; the old setting comes back after.
 */
abstract class IsolatedCacheTest {

    @TempDir Path tmp;
    private String savedCache;

    @BeforeEach
    void isolateCache() {
        savedCache = System.getProperty("lorabench.cache.dir");
        System.setProperty("lorabench.cache.dir", tmp.resolve("cache").toString());
    }

    @AfterEach
    void restoreCache() {
        if (savedCache == null) {
            System.clearProperty("lorabench.cache.dir");
        } else {
            System.setProperty("lorabench.cache.dir", savedCache);
        }
    }
}
