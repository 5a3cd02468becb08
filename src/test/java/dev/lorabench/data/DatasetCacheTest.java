package dev.lorabench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.io.Gzip;
import dev.lorabench.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCacheTest {

    @TempDir
    Path root;

    @TempDir
    Path source;

    @Test
    void fetchFromSubsetThenVerifyAndLoad() throws Exception {
        DatasetCache cache = new DatasetCache(root);
        DatasetSpec spec = MnistSmall.spec();
        assertEquals(DatasetState.MISSING, cache.status(spec).state());

        List<String> phases = new ArrayList<>();
        DatasetStatus fetched = cache.fetch(spec, MnistSmall.dir(), (phase, fraction) -> {
            assertTrue(fraction == -1 || (fraction >= 0 && fraction <= 1), "fraction " + fraction);
            phases.add(phase);
        });
        assertEquals(DatasetState.CACHED, fetched.state(), fetched.detail());
        assertEquals(root.resolve("datasets").resolve("mnist-small"), fetched.dir());
        assertTrue(phases.contains("verifying train-images-idx3-ubyte"), phases.toString());
        assertEquals("done", phases.get(phases.size() - 1));

        // Cached raw, uncompressed, and nothing left over from staging.
        for (DataFile file : spec.files()) {
            Path cached = fetched.dir().resolve(file.name());
            assertTrue(Files.isRegularFile(cached), cached.toString());
            assertFalse(Gzip.isGzip(cached));
            assertEquals(file.sha256(), Sha256.ofFile(cached));
        }
        assertEquals(List.of("mnist-small"), listNames(root.resolve("datasets")));

        assertEquals(DatasetState.CACHED, cache.status(spec).state());
        assertEquals(DatasetState.CACHED, cache.verify(spec).state());

        TrainTest data = cache.load(spec);
        assertEquals(MnistSmall.TRAIN_SIZE, data.train().size());
        assertEquals(MnistSmall.TEST_SIZE, data.test().size());
        assertArrayEquals(MnistSmall.TRAIN_CLASS_COUNTS, data.train().classCounts());
        assertArrayEquals(MnistSmall.load().test().imageBytes(123), data.test().imageBytes(123));
    }

    @Test
    void tamperedByteIsFoundByVerifyNotByStatus() throws Exception {
        DatasetCache cache = new DatasetCache(root);
        DatasetSpec spec = MnistSmall.spec();
        Path file = fetched(cache, spec, "t10k-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(file);
        bytes[5000] ^= 0x01;
        Files.write(file, bytes);

        assertEquals(DatasetState.CACHED, cache.status(spec).state(), "status is cheap: same size passes");
        DatasetStatus verified = cache.verify(spec);
        assertEquals(DatasetState.CORRUPT, verified.state());
        assertTrue(verified.detail().startsWith("t10k-images-idx3-ubyte: SHA-256 mismatch (expected "
                + spec.testImages().sha256()), verified.detail());
    }

    @Test
    void truncatedCachedFileIsCorruptAndLoadSaysSo() throws Exception {
        DatasetCache cache = new DatasetCache(root);
        DatasetSpec spec = MnistSmall.spec();
        Path file = fetched(cache, spec, "train-labels-idx1-ubyte");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(100);
        }
        DatasetStatus status = cache.status(spec);
        assertEquals(DatasetState.CORRUPT, status.state());
        assertEquals("train-labels-idx1-ubyte: size 100 bytes, verified as 2008", status.detail());
        DataException e = assertThrows(DataException.class, () -> cache.load(spec));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte: size 100 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("run `lorabench data fetch mnist-small` again"), e.getMessage());
    }

    @Test
    void loadOfMissingDatasetTellsHowToFetch() {
        DatasetCache cache = new DatasetCache(root);
        DataException e = assertThrows(DataException.class, () -> cache.load(DatasetSpec.MNIST));
        assertEquals("mnist is not cached; run `lorabench data fetch mnist`", e.getMessage());
        assertEquals(DatasetState.MISSING, cache.verify(DatasetSpec.MNIST).state());
    }

    @Test
    void truncatedSourceFileIsRefusedAndNothingCached() throws Exception {
        copySubsetTo(source);
        Path gz = source.resolve("t10k-images-idx3-ubyte.gz");
        byte[] raw = gunzip(gz);
        Files.delete(gz);
        Path truncated = Files.write(source.resolve("t10k-images-idx3-ubyte"), Arrays.copyOf(raw, raw.length - 784));

        DatasetCache cache = new DatasetCache(root);
        DataException e = assertThrows(DataException.class,
                () -> cache.fetch(MnistSmall.spec(), source, FetchProgress.NONE));
        assertEquals("t10k-images-idx3-ubyte from " + source + ": truncated: header says 500 images of 28x28"
                + " (392016 bytes) but file has 391232 bytes", e.getMessage());
        assertNothingCached(cache, MnistSmall.spec());
        assertTrue(Files.exists(truncated), "the source is left alone");
    }

    @Test
    void truncatedGzipSourceIsRefused() throws Exception {
        copySubsetTo(source);
        Path gz = source.resolve("train-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(bytes, bytes.length / 3));
        DatasetCache cache = new DatasetCache(root);
        DataException e = assertThrows(DataException.class,
                () -> cache.fetch(MnistSmall.spec(), source, FetchProgress.NONE));
        assertEquals("train-images-idx3-ubyte.gz from " + source + ": truncated gzip: compressed data ends early",
                e.getMessage());
        assertNothingCached(cache, MnistSmall.spec());
    }

    @Test
    void checksumMismatchAgainstRealMnistIsRefused() {
        DatasetCache cache = new DatasetCache(root);
        DataException e = assertThrows(DataException.class,
                () -> cache.fetch(DatasetSpec.MNIST, MnistSmall.dir(), FetchProgress.NONE));
        assertEquals("train-images-idx3-ubyte.gz from " + MnistSmall.dir() + ": SHA-256 mismatch (expected "
                + "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db, got "
                + "729d340c0177402770b27c04f817dfb40ed8844459b35a9f11ae21067b05cf19); not the MNIST handwritten digits file",
                e.getMessage());
        assertNothingCached(cache, DatasetSpec.MNIST);
    }

    @Test
    void missingFileInSourceDirIsNamed() throws Exception {
        copySubsetTo(source);
        Files.delete(source.resolve("train-labels-idx1-ubyte.gz"));
        DatasetCache cache = new DatasetCache(root);
        DataException e = assertThrows(DataException.class,
                () -> cache.fetch(MnistSmall.spec(), source, FetchProgress.NONE));
        assertEquals("train-labels-idx1-ubyte from " + source
                + ": not found (looked for train-labels-idx1-ubyte and train-labels-idx1-ubyte.gz)", e.getMessage());
        assertNothingCached(cache, MnistSmall.spec());
    }

    @Test
    void failedRefetchKeepsTheGoodCopy() throws Exception {
        DatasetCache cache = new DatasetCache(root);
        DatasetSpec spec = MnistSmall.spec();
        cache.fetch(spec, MnistSmall.dir(), FetchProgress.NONE);
        copySubsetTo(source);
        Files.write(source.resolve("t10k-labels-idx1-ubyte.gz"), "garbage".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        DataException e = assertThrows(DataException.class, () -> cache.fetch(spec, source, FetchProgress.NONE));
        assertTrue(e.getMessage().startsWith("t10k-labels-idx1-ubyte.gz from " + source + ": named .gz but is not gzip"),
                e.getMessage());
        assertEquals(DatasetState.CACHED, cache.verify(spec).state());
        assertEquals(List.of("mnist-small"), listNames(root.resolve("datasets")));

        // A good refetch replaces the copy in place.
        assertEquals(DatasetState.CACHED, cache.fetch(spec, MnistSmall.dir(), FetchProgress.NONE).state());
        assertEquals(List.of("mnist-small"), listNames(root.resolve("datasets")));
    }

    @Test
    void rawSourceFilesWorkToo() throws Exception {
        for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.write(source.resolve(name), gunzip(MnistSmall.dir().resolve(name + ".gz")));
        }
        DatasetCache cache = new DatasetCache(root);
        assertEquals(DatasetState.CACHED, cache.fetch(MnistSmall.spec(), source, null).state());
    }

    @Test
    void systemDirIsUsedWhenNoFromDir() throws Exception {
        DatasetSpec base = MnistSmall.spec();
        DatasetSpec withSystemDir = new DatasetSpec(base.id(), base.displayName(), base.trainImages(),
                base.trainLabels(), base.testImages(), base.testLabels(), base.classNames(), null,
                MnistSmall.dir(), base.howToSupply());
        DatasetCache cache = new DatasetCache(root);
        assertEquals(DatasetState.CACHED, cache.fetch(withSystemDir, null, FetchProgress.NONE).state());
    }

    @Test
    void noSourceGivesHowToSupply() {
        DatasetSpec base = MnistSmall.spec();
        DatasetSpec nowhere = new DatasetSpec(base.id(), base.displayName(), base.trainImages(),
                base.trainLabels(), base.testImages(), base.testLabels(), base.classNames(), null,
                root.resolve("no-such-system-dir"), "install the thing, or pass --from DIR");
        DatasetCache cache = new DatasetCache(root);
        DataException e = assertThrows(DataException.class, () -> cache.fetch(nowhere, null, FetchProgress.NONE));
        assertEquals("mnist-small: no source available; install the thing, or pass --from DIR", e.getMessage());

        DataException e2 = assertThrows(DataException.class,
                () -> cache.fetch(nowhere, root.resolve("not-a-dir"), FetchProgress.NONE));
        assertTrue(e2.getMessage().startsWith(root.resolve("not-a-dir") + ": not a directory"), e2.getMessage());
    }

    @Test
    void failingSystemDirIsReportedWithHowToSupply() throws Exception {
        copySubsetTo(source);
        Files.delete(source.resolve("t10k-images-idx3-ubyte.gz"));
        DatasetSpec base = MnistSmall.spec();
        DatasetSpec spec = new DatasetSpec(base.id(), base.displayName(), base.trainImages(),
                base.trainLabels(), base.testImages(), base.testLabels(), base.classNames(), null,
                source, "apt-get install something");
        DatasetCache cache = new DatasetCache(root);
        DataException e = assertThrows(DataException.class, () -> cache.fetch(spec, null, FetchProgress.NONE));
        assertTrue(e.getMessage().startsWith("mnist-small: no source worked (t10k-images-idx3-ubyte from " + source
                + ": not found"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; apt-get install something"), e.getMessage());
        assertNothingCached(cache, spec);
    }

    @Test
    void defaultRootHonoursTheSystemProperty() {
        String before = System.getProperty("lorabench.cache.dir");
        try {
            System.setProperty("lorabench.cache.dir", root.toString());
            assertEquals(root, DatasetCache.defaultRoot());
            assertEquals(root, DatasetCache.atDefaultRoot().root());
            System.clearProperty("lorabench.cache.dir");
            assertTrue(DatasetCache.defaultRoot().endsWith("lorabench"), DatasetCache.defaultRoot().toString());
        } finally {
            if (before == null) {
                System.clearProperty("lorabench.cache.dir");
            } else {
                System.setProperty("lorabench.cache.dir", before);
            }
        }
    }

    private static void assertNothingCached(DatasetCache cache, DatasetSpec spec) {
        assertEquals(DatasetState.MISSING, cache.status(spec).state());
        assertFalse(Files.exists(cache.dirOf(spec)), "no dataset dir");
        Path datasets = cache.root().resolve("datasets");
        if (Files.exists(datasets)) {
            assertEquals(List.of(), listNames(datasets), "staging removed");
        }
    }

    private static List<String> listNames(Path dir) {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void copySubsetTo(Path target) throws IOException {
        try (Stream<Path> files = Files.list(MnistSmall.dir())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".gz")).toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        }
    }

    private static byte[] gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Fetches {@code spec} from the committed MNIST subset into {@code cache}; the path of its cached file {@code name}. */
    private static Path fetched(DatasetCache cache, DatasetSpec spec, String name) throws DataException {
        cache.fetch(spec, MnistSmall.dir(), FetchProgress.NONE);
        return cache.dirOf(spec).resolve(name);
    }
}
