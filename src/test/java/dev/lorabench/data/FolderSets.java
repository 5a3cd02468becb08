package dev.lorabench.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small image-folder datasets from the MNIST subset, for tests (shared with the CLI tests). */
public final class FolderSets {

    private FolderSets() {}

    /**
     * Writes {@code perClass} PNGs of each digit in {@code digits} under {@code root/<name>}, with
     * folder names {@code names} (same order as digits).
     */
    public static Path write(Path root, int[] digits, String[] names, int perClass) {
        ImageSet train = MnistSmall.load().train();
        try {
            for (int c = 0; c < digits.length; c++) {
                Path dir = Files.createDirectories(root.resolve(names[c]));
                int written = 0;
                for (int i = 0; i < train.size() && written < perClass; i++) {
                    if (train.label(i) == digits[c]) {
                        png(train, i, dir.resolve(String.format("img%03d.%s", written, written % 2 == 0 ? "png" : "PNG")));
                        written++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    static void png(ImageSet set, int i, Path file) throws IOException {
        BufferedImage img = new BufferedImage(set.cols(), set.rows(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = set.imageBytes(i);
        int[] samples = new int[px.length];
        for (int k = 0; k < px.length; k++) {
            samples[k] = px[k] & 0xFF;
        }
        img.getRaster().setPixels(0, 0, set.cols(), set.rows(), samples);
        ImageIO.write(img, "png", file.toFile());
    }
}
