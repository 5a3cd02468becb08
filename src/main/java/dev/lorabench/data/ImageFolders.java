package dev.lorabench.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * A labelled image set from folders: one sub-folder per class under a root, class indices in
 * sorted folder-name order, the folder names as class names. PNG and JPEG (whatever {@link
 * ImageIO} reads) are resized to a fixed size, grayscale by default, and split into train,
 * validation and test parts per class, deterministically from a seed.
 *
 * <p>Every image's dimensions are read from its header before it is decoded, and images above
 * {@link #MAX_PIXELS} are refused, as is a PNG whose file is too small to hold the pixels its
 * header claims. Hidden entries (names starting with a dot) are skipped; any
 * other file that is not a readable image is an error naming that file.
 */
public final class ImageFolders {

    /** The largest image accepted, in pixels (width × height), checked before decoding. */
    public static final long MAX_PIXELS = 50_000_000L;

    /** Deflate's largest expansion: 258 bytes from 2 bits. */
    static final long MAX_DEFLATE_RATIO = 1032;

    /**
     * How to read a folder set.
     *
     * @param width output width in pixels
     * @param height output height in pixels
     * @param rgb three channels (RGB) instead of one (grayscale)
     * @param trainFraction share of each class for training
     * @param validationFraction share of each class for validation; test gets the rest
     * @param seed the split's seed
     */
    public record Options(int width, int height, boolean rgb, double trainFraction, double validationFraction,
            long seed) {

        public Options {
            if (width < 1 || height < 1 || (long) width * height > 4096L * 4096L) {
                throw new IllegalArgumentException("image size must be 1x1 to 4096x4096 but was " + width + "x" + height);
            }
            if (!(trainFraction > 0 && validationFraction >= 0 && trainFraction + validationFraction < 1)) {
                throw new IllegalArgumentException("split fractions must have train > 0, validation >= 0 and"
                        + " train + validation < 1 but were " + trainFraction + " and " + validationFraction);
            }
        }

        /** 28×28 grayscale, 0.7 / 0.15 / 0.15, seed 42. */
        public static Options defaults() {
            return new Options(28, 28, false, 0.7, 0.15, 42);
        }

        public Options withSeed(long seed) {
            return new Options(width, height, rgb, trainFraction, validationFraction, seed);
        }

        public Options withSize(int width, int height, boolean rgb) {
            return new Options(width, height, rgb, trainFraction, validationFraction, seed);
        }
    }

    /** The three parts of a folder set. */
    public record Split(ImageSet train, ImageSet validation, ImageSet test) {

        /** All three parts as a run's data. */
        public TrainTest trainTest() {
            return new TrainTest(train, test, validation);
        }
    }

    private ImageFolders() {}

    /**
     * Reads {@code root}.
     *
     * @throws DataException one line naming the folder or file: no class folders, a single class,
     *     a class without images, an empty, unreadable, oversized or non-image file
     */
    /** A symbolic link back into the dataset (or above it) would make the layout endless. */
    private static void refuseLoop(Path root, Path p) throws DataException {
        if (!Files.isSymbolicLink(p)) {
            return;
        }
        try {
            Path target = p.toRealPath();
            Path realRoot = root.toRealPath();
            if (realRoot.startsWith(target) || target.startsWith(realRoot) && Files.isDirectory(target)) {
                throw new DataException(p + ": symbolic link loop (points to " + target + ")");
            }
        } catch (java.io.IOException e) {
            throw new DataException(p + ": broken symbolic link (" + e.getMessage() + ")");
        }
    }

    public static Split load(Path root, Options options) throws DataException {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + ": not a folder");
        }
        List<Path> classDirs = new ArrayList<>();
        for (Path p : sortedEntries(root)) {
            refuseLoop(root, p);
            if (Files.isDirectory(p)) {
                classDirs.add(p);
            }
        }
        if (classDirs.isEmpty()) {
            throw new DataException(root + ": no class folders (expected one sub-folder of images per class)");
        }
        if (classDirs.size() == 1) {
            throw new DataException(root + ": only one class folder (" + classDirs.get(0).getFileName()
                    + "); a classifier needs at least two");
        }
        int channels = options.rgb() ? 3 : 1;
        int per = options.width() * options.height() * channels;
        List<String> names = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<int[]> byClass = new ArrayList<>();
        for (int label = 0; label < classDirs.size(); label++) {
            Path dir = classDirs.get(label);
            names.add(dir.getFileName().toString());
            int first = images.size();
            for (Path file : sortedEntries(dir)) {
                refuseLoop(root, file);
                if (Files.isDirectory(file)) {
                    continue; // nested folders are not part of the layout
                }
                images.add(decode(file, options));
                labels.add(label);
            }
            if (images.size() == first) {
                throw new DataException(dir + ": class folder has no images");
            }
            int[] idx = new int[images.size() - first];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = first + i;
            }
            byClass.add(idx);
        }
        double testFraction = 1 - options.trainFraction() - options.validationFraction();
        double[] fractions = {options.trainFraction(), options.validationFraction(), testFraction};
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int c = 0; c < byClass.size(); c++) {
            int[] members = byClass.get(c);
            int[][] split = Shuffles.split(members.length, fractions, options.seed() * 1_000_003L + c);
            for (int k = 0; k < 3; k++) {
                for (int i : split[k]) {
                    parts.get(k).add(members[i]);
                }
            }
        }
        if (parts.get(0).isEmpty() || parts.get(2).isEmpty()) {
            throw new DataException(root + ": " + images.size() + " images are too few for a train and a test part");
        }
        ImageSet[] sets = new ImageSet[3];
        for (int k = 0; k < 3; k++) {
            List<Integer> part = parts.get(k);
            int[] order = Shuffles.permutation(part.size(), options.seed() ^ (0x9e3779b97f4a7c15L * (k + 1)));
            byte[] pixels = new byte[Math.multiplyExact(part.size(), per)];
            int[] partLabels = new int[part.size()];
            for (int i = 0; i < order.length; i++) {
                int src = part.get(order[i]);
                System.arraycopy(images.get(src), 0, pixels, i * per, per);
                partLabels[i] = labels.get(src);
            }
            sets[k] = ImageSet.of(options.height(), options.width(), channels, pixels, partLabels, names);
        }
        return new Split(sets[0], sets[1], sets[2]);
    }

    private static List<Path> sortedEntries(Path dir) throws DataException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (!p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
        out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return out;
    }

    /** Reads one image: size check from the header first, then decode and resize to HWC bytes. */
    static byte[] decode(Path file, Options options) throws DataException {
        long fileBytes;
        try {
            fileBytes = Files.size(file);
            if (fileBytes == 0) {
                throw new DataException(file + ": empty file, not an image");
            }
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new DataException(file + ": cannot read");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(file + ": not a PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w < 1 || h < 1) {
                    throw new DataException(file + ": image is " + w + "x" + h + " pixels");
                }
                if (w * h > MAX_PIXELS) {
                    throw new DataException(file + ": image is " + w + "x" + h + " pixels, above the "
                            + MAX_PIXELS + "-pixel bound");
                }
                refuseShortPng(file, reader, w, h, fileBytes);
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new DataException(file + ": cannot decode image (" + why + ")", e);
        }
        return pixels(image, options);
    }

    /**
     * Deflate, PNG's only compression, turns a byte into at most {@link #MAX_DEFLATE_RATIO}: a
     * PNG whose header claims more pixel bytes than that times its file size cannot hold them,
     * and is refused before the decoder allocates the claimed image. (JPEG has no such bound;
     * {@link #MAX_PIXELS} limits it.)
     */
    private static void refuseShortPng(Path file, ImageReader reader, long w, long h, long fileBytes)
            throws IOException, DataException {
        if (!"png".equalsIgnoreCase(reader.getFormatName())) {
            return;
        }
        ImageTypeSpecifier type = reader.getRawImageType(0);
        long bits = type == null ? 1 : type.getColorModel().getPixelSize();
        long pixelBytes = (w * h * bits + 7) / 8;
        long most = MAX_DEFLATE_RATIO * fileBytes;
        if (pixelBytes > most) {
            throw new DataException(file + ": image is " + w + "x" + h + " pixels (" + pixelBytes + " bytes) but its "
                    + fileBytes + "-byte file can hold at most " + most + " (the data ends early)");
        }
    }

    private static byte[] pixels(BufferedImage image, Options options) {
        int w = options.width();
        int h = options.height();
        BufferedImage target = new BufferedImage(w, h, options.rgb() ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, Color.BLACK, null);
        } finally {
            g.dispose();
        }
        int[] samples = target.getRaster().getPixels(0, 0, w, h, (int[]) null);
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = (byte) samples[i];
        }
        return out;
    }
}
