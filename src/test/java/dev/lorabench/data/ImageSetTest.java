package dev.lorabench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageSetTest {

    private static final List<String> ABC = List.of("a", "b", "c");

    /** Four 1x2 RGB images; image i's bytes are 10*i .. 10*i+5. */
    private static ImageSet small() {
        byte[] pixels = new byte[4 * 6];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 6; j++) {
                pixels[i * 6 + j] = (byte) (10 * i + j);
            }
        }
        return ImageSet.of(1, 2, 3, pixels, new int[] {2, 0, 2, 1}, ABC);
    }

    @Test
    void shapeAndAccessors() {
        ImageSet set = small();
        assertEquals(4, set.size());
        assertEquals(6, set.pixelsPerImage());
        assertEquals(3, set.numClasses());
        assertEquals(2, set.label(2));
        assertArrayEquals(new int[] {1, 1, 2}, set.classCounts());
        assertArrayEquals(new byte[] {20, 21, 22, 23, 24, 25}, set.imageBytes(2));
        int[] labels = set.labels();
        labels[0] = 0;
        assertEquals(2, set.label(0), "labels() is a copy");
        byte[] image = set.imageBytes(0);
        image[0] = 99;
        assertEquals(0, set.imageBytes(0)[0], "imageBytes() is a copy");
    }

    @Test
    void selectLimitAndClasses() {
        ImageSet set = small();
        assertArrayEquals(new int[] {0, 2, 3}, set.indicesOfClasses(Set.of(2, 1)));
        assertArrayEquals(new int[] {}, set.indicesOfClasses(Set.of(7)));

        ImageSet picked = set.select(new int[] {3, 0, 3});
        assertEquals(3, picked.size());
        assertArrayEquals(new int[] {1, 2, 1}, picked.labels());
        assertArrayEquals(set.imageBytes(3), picked.imageBytes(0));
        assertArrayEquals(set.imageBytes(0), picked.imageBytes(1));
        assertThrows(IndexOutOfBoundsException.class, () -> set.select(new int[] {4}));

        ImageSet two = set.limit(2);
        assertEquals(2, two.size());
        assertArrayEquals(new int[] {2, 0}, two.labels());
        assertArrayEquals(set.imageBytes(1), two.imageBytes(1));
        assertSame(set, set.limit(0));
        assertSame(set, set.limit(4));
        assertSame(set, set.limit(100));
    }

    @Test
    void floatsAreScaledToUnitRange() {
        ImageSet real = MnistSmall.load().test().limit(50);
        float[] all = real.toFloatArray();
        assertEquals(50 * 784, all.length);
        float max = 0;
        for (float v : all) {
            assertTrue(v >= 0f && v <= 1f, "value " + v);
            max = Math.max(max, v);
        }
        assertEquals(1f, max, "MNIST digits reach full ink");
        float[] one = real.imageAsFloat(7);
        byte[] bytes = real.imageBytes(7);
        for (int j = 0; j < one.length; j++) {
            assertEquals((bytes[j] & 0xFF) / 255f, one[j]);
            assertEquals(all[7 * 784 + j], one[j]);
        }
        assertEquals(1f, ImageSet.of(1, 1, 1, new byte[] {(byte) 255}, new int[] {0}, ABC).toFloatArray()[0]);
    }

    @Test
    void invalidInputNamesTheValue() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> ImageSet.of(2, 2, 1, new byte[7], new int[] {0, 1}, ABC));
        assertTrue(length.getMessage().contains("pixels length 7"), length.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> ImageSet.of(1, 1, 1, new byte[2], new int[] {0, 3}, ABC));
        assertTrue(label.getMessage().contains("label 3 of image 1"), label.getMessage());
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> ImageSet.of(1, 1, 2, new byte[2], new int[] {0}, ABC));
        assertTrue(channels.getMessage().contains("channels 2"), channels.getMessage());
    }
}
