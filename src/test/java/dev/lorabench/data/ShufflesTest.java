package dev.lorabench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShufflesTest {

    @Test
    void permutationIsDeterministicAndComplete() {
        int[] a = Shuffles.permutation(1000, 42);
        int[] b = Shuffles.permutation(1000, 42);
        int[] c = Shuffles.permutation(1000, 43);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c), "another seed, another order");
        assertFalse(Arrays.equals(a, IntStream.range(0, 1000).toArray()), "actually shuffled");
        assertArrayEquals(IntStream.range(0, 1000).toArray(), Arrays.stream(a).sorted().toArray());
        assertArrayEquals(new int[0], Shuffles.permutation(0, 1));
        assertArrayEquals(new int[] {0}, Shuffles.permutation(1, 1));
    }

    @Test
    void splitCoversEveryIndexOnce() {
        int[][] parts = Shuffles.split(1001, new double[] {0.8, 0.2}, 7);
        assertEquals(800, parts[0].length);
        assertEquals(201, parts[1].length, "rounding remainder goes to the last part");
        int[] all = IntStream.concat(Arrays.stream(parts[0]), Arrays.stream(parts[1])).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 1001).toArray(), all);
        assertArrayEquals(parts[0], Shuffles.split(1001, new double[] {0.8, 0.2}, 7)[0]);
        // The parts are cut from the same permutation.
        assertArrayEquals(Arrays.copyOf(Shuffles.permutation(1001, 7), 800), parts[0]);

        int[][] three = Shuffles.split(10, new double[] {0.5, 0.3, 0.1}, 3);
        assertEquals(5, three[0].length);
        assertEquals(3, three[1].length);
        assertEquals(2, three[2].length, "a sum below 1 leaves the rest to the last part");
    }

    @Test
    void badFractionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Shuffles.split(10, new double[] {0.7, 0.5}, 1));
        assertThrows(IllegalArgumentException.class, () -> Shuffles.split(10, new double[] {-0.1, 0.5}, 1));
        assertThrows(IllegalArgumentException.class, () -> Shuffles.split(10, new double[0], 1));
        assertThrows(IllegalArgumentException.class, () -> Shuffles.permutation(-1, 1));
    }
}
