package dev.lorabench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFoldersTest {

    @TempDir Path tmp;

    private Path threeClasses() {
        return FolderSets.write(tmp.resolve("set"), new int[] {7, 3, 1}, new String[] {"seven", "three", "one"}, 20);
    }

    private static byte[] all(ImageSet s) {
        byte[] out = new byte[s.size() * s.pixelsPerImage()];
        for (int i = 0; i < s.size(); i++) {
            System.arraycopy(s.imageBytes(i), 0, out, i * s.pixelsPerImage(), s.pixelsPerImage());
        }
        return out;
    }

    @Test
    void classesAreSortedFolderNamesAndTheSplitIsPerClassAndDeterministic() throws Exception {
        Path root = threeClasses();
        ImageFolders.Split a = ImageFolders.load(root, ImageFolders.Options.defaults());
        assertEquals(List.of("one", "seven", "three"), a.train().classNames());
        assertEquals(28, a.train().rows());
        assertEquals(1, a.train().channels());
        // 20 per class: 14 train, 3 validation, 3 test
        assertArrayEquals(new int[] {14, 14, 14}, a.train().classCounts());
        assertArrayEquals(new int[] {3, 3, 3}, a.validation().classCounts());
        assertArrayEquals(new int[] {3, 3, 3}, a.test().classCounts());

        ImageFolders.Split b = ImageFolders.load(root, ImageFolders.Options.defaults());
        assertArrayEquals(a.train().labels(), b.train().labels());
        assertArrayEquals(all(a.test()), all(b.test()));
        ImageFolders.Split c = ImageFolders.load(root, ImageFolders.Options.defaults().withSeed(7));
        assertFalse(Arrays.equals(all(a.test()), all(c.test())), "another seed, another split");

        // A 28x28 PNG of an MNIST digit comes back with its pixels unchanged.
        ImageSet mnist = MnistSmall.load().train();
        int first7 = 0;
        while (mnist.label(first7) != 7) {
            first7++;
        }
        byte[] digit = mnist.imageBytes(first7);
        ImageSet every = ImageFolders.load(root, new ImageFolders.Options(28, 28, false, 0.95, 0, 1)).train();
        boolean found = false;
        for (int i = 0; i < every.size(); i++) {
            found |= Arrays.equals(digit, every.imageBytes(i));
        }
        assertTrue(found, "the decoded pixels equal the written ones");
    }

    @Test
    void resizesAndReadsRgb() throws Exception {
        Path root = threeClasses();
        ImageFolders.Split s = ImageFolders.load(root, ImageFolders.Options.defaults().withSize(12, 10, true));
        assertEquals(10, s.train().rows());
        assertEquals(12, s.train().cols());
        assertEquals(3, s.train().channels());
        byte[] px = s.train().imageBytes(0);
        for (int i = 0; i < px.length; i += 3) {
            assertEquals(px[i], px[i + 1]); // gray input stays gray in RGB
            assertEquals(px[i], px[i + 2]);
        }
    }

    private String fails(Path root) {
        DataException e = assertThrows(DataException.class, () -> ImageFolders.load(root, ImageFolders.Options.defaults()));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badLayoutsAreRefusedNamingTheFolder() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(fails(empty).startsWith(empty + ": no class folders"));
        assertTrue(fails(tmp.resolve("nope")).endsWith("nope: not a folder"));

        Path one = FolderSets.write(tmp.resolve("one"), new int[] {1}, new String[] {"only"}, 5);
        assertEquals(one + ": only one class folder (only); a classifier needs at least two", fails(one));

        Path root = threeClasses();
        Path hollow = Files.createDirectories(root.resolve("zzz"));
        Files.writeString(hollow.resolve(".DS_Store"), "hidden files are skipped");
        assertEquals(hollow + ": class folder has no images", fails(root));
    }

    @Test
    void badFilesAreRefusedNamingTheFile() throws Exception {
        Path root = threeClasses();
        Path zero = Files.createFile(root.resolve("one/zero.png"));
        assertEquals(zero + ": empty file, not an image", fails(root));
        Files.delete(zero);

        Path text = root.resolve("seven/notes.txt");
        Files.writeString(text, "not an image");
        assertEquals(text + ": not a PNG or JPEG image", fails(root));
        Files.delete(text);

        Path truncated = root.resolve("three/cut.png");
        byte[] good = Files.readAllBytes(root.resolve("three/img000.png"));
        Files.write(truncated, Arrays.copyOf(good, 60));
        assertTrue(fails(root).startsWith(truncated + ": cannot decode image"));
        Files.delete(truncated);

        Path huge = root.resolve("three/huge.png");
        Files.write(huge, pngHeaderOnly(10_000, 10_000));
        assertEquals(huge + ": image is 10000x10000 pixels, above the 50000000-pixel bound", fails(root));
        Files.delete(huge);

        Path jpeg = root.resolve("three/photo.jpg");
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "jpeg", jpeg.toFile());
        assertEquals(61, ImageFolders.load(root, new ImageFolders.Options(28, 28, false, 0.99, 0, 1)).train().size()
                + ImageFolders.load(root, new ImageFolders.Options(28, 28, false, 0.99, 0, 1)).test().size());
    }

    @Test
    void aSmallPngClaimingHugeDimensionsIsRefusedBeforeItsPixelsAreAllocated() throws Exception {
        Path root = threeClasses();
        // 7000x7000 is under the pixel bound, but one deflated byte cannot hold 49 MB of pixels.
        Path bomb = root.resolve("three/claims.png");
        Files.write(bomb, png(7000, 7000, true));
        long before = Allocations.ofThisThread();
        String m = fails(root);
        long allocated = Allocations.ofThisThread() - before;
        assertEquals(bomb + ": image is 7000x7000 pixels (49000000 bytes) but its " + Files.size(bomb)
                + "-byte file can hold at most " + 1032 * Files.size(bomb) + " (the data ends early)", m);
        assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes");
    }

    /** A PNG signature and IHDR chunk promising {@code w}×{@code h}, and no pixel data. */
    private static byte[] pngHeaderOnly(int w, int h) throws IOException {
        return png(w, h, false);
    }

    /**
     * A PNG promising {@code w}×{@code h} 8-bit grayscale pixels; with {@code data}, a valid IDAT
     * (one deflated zero byte, far too little) and IEND follow the header.
     */
    private static byte[] png(int w, int h, boolean data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(ihdr);
        c.writeInt(w);
        c.writeInt(h);
        c.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grayscale
        chunk(out, "IHDR", ihdr.toByteArray());
        if (data) {
            Deflater deflater = new Deflater();
            deflater.setInput(new byte[1]);
            deflater.finish();
            byte[] z = new byte[64];
            int n = deflater.deflate(z);
            deflater.end();
            chunk(out, "IDAT", Arrays.copyOf(z, n));
            chunk(out, "IEND", new byte[0]);
        }
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] body = new byte[4 + data.length];
        System.arraycopy(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, body, 0, 4);
        System.arraycopy(data, 0, body, 4, data.length);
        out.writeInt(data.length);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }
}
