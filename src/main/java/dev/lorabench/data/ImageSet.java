package dev.lorabench.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable in-memory labelled image set.
 *
 * <p>Pixels are unsigned bytes (0..255), image after image, each image row-major with channels
 * last (HWC): pixel (r, c, ch) of image i is at
 * {@code i * pixelsPerImage() + (r * cols() + c) * channels() + ch}. One channel is grayscale,
 * three is RGB.
 *
 * <p>Ownership: {@link #of} keeps the given pixel array without copying it, because datasets
 * are tens of megabytes; the caller hands it over and must not change it afterwards. Nothing
 * this class returns exposes that array.
 */
public final class ImageSet {

    private final int rows;
    private final int cols;
    private final int channels;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;

    private ImageSet(int rows, int cols, int channels, byte[] pixels, int[] labels, List<String> classNames) {
        this.rows = rows;
        this.cols = cols;
        this.channels = channels;
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = classNames;
    }

    /**
     * A set of {@code labels.length} images.
     *
     * @param pixels taken over without a copy (see class comment); length must be
     *     labels.length * rows * cols * channels
     * @param labels copied; each must be in [0, classNames.size())
     * @throws IllegalArgumentException naming the bad value when shapes or labels do not fit
     */
    public static ImageSet of(int rows, int cols, int channels, byte[] pixels, int[] labels, List<String> classNames) {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        List<String> names = List.copyOf(classNames);
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("image size " + rows + "x" + cols + " is not positive");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels " + channels + " is not 1 (grayscale) or 3 (RGB)");
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no class names");
        }
        long perImage = (long) rows * cols * channels;
        long expected = perImage * labels.length;
        if (perImage > Integer.MAX_VALUE || expected != pixels.length) {
            throw new IllegalArgumentException("pixels length " + pixels.length + " does not match " + labels.length
                    + " images of " + rows + "x" + cols + "x" + channels + " (" + expected + " bytes)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= names.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i
                        + " is outside 0.." + (names.size() - 1));
            }
        }
        return new ImageSet(rows, cols, channels, pixels, labels.clone(), names);
    }

    public int size() {
        return labels.length;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int channels() {
        return channels;
    }

    public int pixelsPerImage() {
        return rows * cols * channels;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Unmodifiable; index = label. */
    public List<String> classNames() {
        return classNames;
    }

    public int label(int i) {
        Objects.checkIndex(i, labels.length);
        return labels[i];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** How many images each class has; index = label. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Indices (ascending) of the images whose label is in {@code classes}. */
    public int[] indicesOfClasses(Set<Integer> classes) {
        return java.util.stream.IntStream.range(0, labels.length)
                .filter(i -> classes.contains(labels[i]))
                .toArray();
    }

    /** A new set with the images at {@code indices}, in that order (repeats allowed). */
    public ImageSet select(int[] indices) {
        int per = pixelsPerImage();
        byte[] outPixels = new byte[Math.multiplyExact(indices.length, per)];
        int[] outLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], labels.length);
            System.arraycopy(pixels, i * per, outPixels, k * per, per);
            outLabels[k] = labels[i];
        }
        return new ImageSet(rows, cols, channels, outPixels, outLabels, classNames);
    }

    /** The first {@code n} images; all of them when n <= 0 or n >= size(). */
    public ImageSet limit(int n) {
        if (n <= 0 || n >= labels.length) {
            return this;
        }
        int per = pixelsPerImage();
        return new ImageSet(rows, cols, channels, Arrays.copyOf(pixels, n * per), Arrays.copyOf(labels, n), classNames);
    }

    /** All images as floats in [0,1] (pixel / 255), same layout as the bytes. */
    public float[] toFloatArray() {
        float[] out = new float[pixels.length];
        for (int j = 0; j < pixels.length; j++) {
            out[j] = (pixels[j] & 0xFF) / 255f;
        }
        return out;
    }

    /** Image {@code i} as floats in [0,1], HWC. */
    public float[] imageAsFloat(int i) {
        Objects.checkIndex(i, labels.length);
        int per = pixelsPerImage();
        float[] out = new float[per];
        int base = i * per;
        for (int j = 0; j < per; j++) {
            out[j] = (pixels[base + j] & 0xFF) / 255f;
        }
        return out;
    }

    /** A copy of image {@code i}'s raw bytes, HWC. */
    public byte[] imageBytes(int i) {
        Objects.checkIndex(i, labels.length);
        int per = pixelsPerImage();
        return Arrays.copyOfRange(pixels, i * per, i * per + per);
    }

    @Override
    public String toString() {
        return "ImageSet[" + size() + " images " + rows + "x" + cols + "x" + channels + ", " + numClasses() + " classes]";
    }
}
