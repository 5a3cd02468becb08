package dev.lorabench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheRealMnistSubset() {
        TrainTest data = MnistSmall.load();
        ImageSet train = data.train();
        ImageSet test = data.test();
        assertEquals(MnistSmall.TRAIN_SIZE, train.size());
        assertEquals(MnistSmall.TEST_SIZE, test.size());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        assertEquals(1, train.channels());
        assertEquals(784, train.pixelsPerImage());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), train.classNames());
        assertArrayEquals(MnistSmall.TRAIN_CLASS_COUNTS, train.classCounts());
        assertArrayEquals(MnistSmall.TEST_CLASS_COUNTS, test.classCounts());
        assertEquals(MnistSmall.TRAIN_SIZE, Arrays.stream(train.classCounts()).sum());
        // The well-known first MNIST test digits.
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(test.labels(), 10));
        // A digit has ink: some pixels are 255-ish and most are 0.
        byte[] first = train.imageBytes(0);
        long ink = 0;
        for (byte b : first) {
            if ((b & 0xFF) > 128) {
                ink++;
            }
        }
        assertTrue(ink > 50 && ink < 400, "ink pixels in first image: " + ink);
    }

    @Test
    void readsRawAndGzipTheSame() throws Exception {
        Path images = write("img", IdxBytes.images(3, 2, 4));
        Path labels = write("lab", IdxBytes.labels(0, 9, 5));
        Path imagesGz = write("img2", IdxBytes.gzip(IdxBytes.images(3, 2, 4)));
        Path labelsGz = write("lab2.gz", IdxBytes.gzip(IdxBytes.labels(0, 9, 5)));
        ImageSet raw = IdxReader.read(images, labels);
        ImageSet gz = IdxReader.read(imagesGz, labelsGz);
        assertEquals(3, raw.size());
        assertEquals(2, raw.rows());
        assertEquals(4, raw.cols());
        assertArrayEquals(new int[] {0, 9, 5}, raw.labels());
        assertArrayEquals(raw.labels(), gz.labels());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(raw.imageBytes(i), gz.imageBytes(i));
        }
        assertEquals(8, raw.imageBytes(1)[0]); // payload byte j is j % 256

        // Large enough that the gzip reader's buffer grows several times before it is full.
        int[] zeros = new int[300];
        ImageSet bigRaw = IdxReader.read(write("big", IdxBytes.images(300, 28, 28)), write("big-lab", IdxBytes.labels(zeros)));
        ImageSet bigGz = IdxReader.read(write("big.gz", IdxBytes.gzip(IdxBytes.images(300, 28, 28))), write("big-lab.gz",
                IdxBytes.gzip(IdxBytes.labels(zeros))));
        for (int i = 0; i < 300; i++) {
            assertArrayEquals(bigRaw.imageBytes(i), bigGz.imageBytes(i), "image " + i);
        }
        assertEquals(299 * 784 % 256, bigGz.imageBytes(299)[0] & 0xFF);
    }

    @Test
    void gzipHeaderClaimingMillionsOfImagesIsRefusedWithoutAllocatingThem() throws Exception {
        Path labels = write("labels", IdxBytes.labels(0));
        // 2,000,000 images of 28x28 is 1.5 GB; 2,739,000 is just under the 2^31-byte array limit.
        for (int count : new int[] {2_000_000, 2_739_000}) {
            byte[] raw = IdxBytes.concat(IdxBytes.header(2051, count, 28, 28), new byte[84]);
            Path images = write("claims-" + count + ".gz", IdxBytes.gzip(raw));
            long before = Allocations.ofThisThread();
            DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
            long allocated = Allocations.ofThisThread() - before;
            assertMessage(e, images, "truncated: header says " + count + " images of 28x28");
            assertMessage(e, images, "but decompressed data has 100 bytes");
            assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes for a " + raw.length + "-byte payload");
        }
    }

    @Test
    void customClassNamesBoundLabels() throws Exception {
        Path images = write("img", IdxBytes.images(2, 1, 1));
        Path labels = write("lab", IdxBytes.labels(0, 2));
        ImageSet set = IdxReader.read(images, labels, List.of("a", "b", "c"));
        assertEquals(3, set.numClasses());
        DataException e = assertThrows(DataException.class,
                () -> IdxReader.read(images, labels, List.of("a", "b")));
        assertMessage(e, labels, "label 2 at index 1 is outside 0..1");
    }

    @Test
    void wrongMagic() throws Exception {
        Path images = write("images", IdxBytes.labels(1, 2)); // a label file where images belong
        Path labels = write("labels", IdxBytes.labels(1, 2));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertMessage(e, images, "bad magic 2049");
        assertTrue(e.getMessage().contains("expected 2051"), e.getMessage());
        assertTrue(e.getMessage().contains("that is an IDX label file"), e.getMessage());

        Path junk = write("junk", "hello world, not idx".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        DataException e2 = assertThrows(DataException.class, () -> IdxReader.read(images, junk));
        // images is checked first and is also wrong; check the labels on their own.
        assertTrue(e2.getMessage().contains("bad magic"), e2.getMessage());
        Path goodImages = write("good", IdxBytes.images(2, 1, 1));
        DataException e3 = assertThrows(DataException.class, () -> IdxReader.read(goodImages, junk));
        assertMessage(e3, junk, "bad magic");
    }

    @Test
    void truncatedRawFileNamesTheSizes() throws Exception {
        byte[] full = IdxBytes.images(10, 28, 28);
        Path images = write("train-images-idx3-ubyte", Arrays.copyOf(full, 1000));
        Path labels = write("labels", IdxBytes.labels(new int[10]));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertMessage(e, images, "truncated: header says 10 images of 28x28 (7856 bytes) but file has 1000 bytes");
    }

    @Test
    void truncatedHeader() throws Exception {
        Path images = write("images", Arrays.copyOf(IdxBytes.images(1, 1, 1), 10));
        Path labels = write("labels", IdxBytes.labels(0));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertMessage(e, images, "truncated: IDX image header needs 16 bytes but file has 10");
    }

    @Test
    void trailingBytesRawAndGzip() throws Exception {
        Path labels = write("labels", IdxBytes.labels(1, 2));
        Path images = write("images", IdxBytes.concat(IdxBytes.images(2, 2, 2), new byte[] {1, 2, 3}));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertMessage(e, images, "trailing bytes: header says 2 images of 2x2 (24 bytes) but file has 27 bytes");

        Path imagesGz = write("images.gz", IdxBytes.gzip(IdxBytes.concat(IdxBytes.images(2, 2, 2), new byte[5])));
        DataException e2 = assertThrows(DataException.class, () -> IdxReader.read(imagesGz, labels));
        assertMessage(e2, imagesGz, "trailing bytes");
        assertTrue(e2.getMessage().contains("5 more"), e2.getMessage());
    }

    @Test
    void truncatedInsideGzip() throws Exception {
        Path labels = write("labels", IdxBytes.labels(1, 2));
        byte[] shortPayload = Arrays.copyOf(IdxBytes.images(2, 2, 2), 20);
        Path images = write("images.gz", IdxBytes.gzip(shortPayload));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertMessage(e, images, "truncated: header says 2 images of 2x2 (24 bytes) but decompressed data has 20 bytes");
    }

    @Test
    void overflowingDimensions() throws Exception {
        Path labels = write("labels", IdxBytes.labels(1));
        Path images = write("images", IdxBytes.concat(IdxBytes.header(2051, 2_000_000_000, 100, 100), new byte[64]));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertMessage(e, images, "header says 2000000000 images of 100x100, which overflows");

        Path huge = write("huge", IdxBytes.concat(IdxBytes.header(2051, 1, 20_000, 5), new byte[64]));
        DataException e2 = assertThrows(DataException.class, () -> IdxReader.read(huge, labels));
        assertMessage(e2, huge, "images of 20000x5; each side must be 1..10000");

        Path negative = write("negative", IdxBytes.header(2051, -1, 28, 28));
        DataException e3 = assertThrows(DataException.class, () -> IdxReader.read(negative, labels));
        assertMessage(e3, negative, "header says -1 images; need a positive count");
    }

    @Test
    void countMismatch() throws Exception {
        Path images = write("images", IdxBytes.images(3, 2, 2));
        Path labels = write("labels", IdxBytes.labels(1, 2));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertEquals(images + " has 3 images but " + labels + " has 2 labels", e.getMessage());
    }

    @Test
    void labelAboveNine() throws Exception {
        Path images = write("images", IdxBytes.images(3, 2, 2));
        Path labels = write("labels", IdxBytes.labels(1, 2, 10));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertMessage(e, labels, "label 10 at index 2 is outside 0..9 (10 classes)");
    }

    @Test
    void emptyAndMissingFiles() throws Exception {
        Path images = write("images", new byte[0]);
        Path labels = write("labels", IdxBytes.labels(1));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertEquals(images + ": empty file", e.getMessage());

        Path missing = tmp.resolve("nope");
        DataException e2 = assertThrows(DataException.class, () -> IdxReader.read(missing, labels));
        assertEquals(missing + ": file not found", e2.getMessage());
    }

    @Test
    void gzNamedFileThatIsNotGzip() throws Exception {
        Path images = write("train-images-idx3-ubyte.gz", IdxBytes.images(1, 2, 2));
        Path labels = write("labels", IdxBytes.labels(1));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertMessage(e, images, "named .gz but is not gzip data");
    }

    @Test
    void corruptGzip() throws Exception {
        byte[] gz = IdxBytes.gzip(IdxBytes.images(4, 8, 8));
        for (int i = 12; i < gz.length - 8; i++) {
            gz[i] ^= 0x5A; // scramble the deflate data, keep the gzip header
        }
        assertGzipRefused(gz, "corrupt gzip: ");
    }

    @Test
    void badGzipCrcIsCaught() throws Exception {
        byte[] gz = IdxBytes.gzip(IdxBytes.images(4, 8, 8));
        gz[gz.length - 8] ^= 0x01; // the CRC32 in the trailer
        assertGzipRefused(gz, "corrupt gzip");
    }

    @Test
    void truncatedGzip() throws Exception {
        byte[] gz = IdxBytes.gzip(IdxBytes.images(40, 8, 8));
        Path images = write("images.gz", Arrays.copyOf(gz, gz.length / 2));
        Path labels = write("labels", IdxBytes.labels(new int[40]));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertMessage(e, images, "truncated gzip");
    }

    @Test
    void committedBadFilesAreRefused() throws Exception {
        Path bad = Path.of(IdxReaderTest.class.getResource("/bad/idx/README.md").toURI()).getParent();
        Path labels = write("labels", IdxBytes.labels(1));
        DataException notGzip = assertThrows(DataException.class,
                () -> IdxReader.read(bad.resolve("text-named-gz.gz"), labels));
        assertMessage(notGzip, bad.resolve("text-named-gz.gz"), "named .gz but is not gzip data");
        DataException trailer = assertThrows(DataException.class,
                () -> IdxReader.read(bad.resolve("images-bad-crc.gz"), labels));
        assertMessage(trailer, bad.resolve("images-bad-crc.gz"), "corrupt gzip");
    }

    /** A gzipped file of 4 images beside 4 good labels is refused with {@code problem}, naming the images. */
    private void assertGzipRefused(byte[] gz, String problem) throws IOException {
        Path images = write("images.gz", gz);
        Path labels = write("labels", IdxBytes.labels(1, 1, 1, 1));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertMessage(e, images, problem);
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(tmp.resolve(name), content);
    }

    private static void assertMessage(DataException e, Path file, String problem) {
        String message = e.getMessage();
        assertTrue(message.startsWith(file.toString() + ": "), "should name " + file + ": " + message);
        assertTrue(message.contains(problem), "should say '" + problem + "': " + message);
        assertTrue(!message.contains("\n"), "one line: " + message);
    }
}
