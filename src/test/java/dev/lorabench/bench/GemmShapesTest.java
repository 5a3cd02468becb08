package dev.lorabench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step-products benchmark (src/bench) runs, and its products are the base MLP's batch-64 step. */
class GemmShapesTest {

    @Test
    void theFiveProductsAreTheStepsLargeProducts() {
        // The step of 784-1000-2000-10 at batch 64, counted by hand: forward 64·(784·1000 +
        // 1000·2000 + 2000·10) MACs, weight gradients the same, input gradients for the two upper
        // layers 64·(1000·2000 + 2000·10). Without the 10-wide layer's three small products:
        long macs = 64L * (784 * 1000 + 1000 * 2000) + 64L * (784 * 1000 + 1000 * 2000) + 64L * (1000 * 2000);
        double listed = GemmShapes.STEP.stream().mapToDouble(GemmShapes.Product::flops).sum();
        assertEquals(2.0 * macs, listed, 0.5);
    }

    @Test
    void printsALineWithTimesPerProduct() {
        dev.lorabench.Offline.enforce();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            GemmShapes.main(new String[] {"3", "2"});
        } finally {
            System.setOut(old);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1 + GemmShapes.STEP.size(), lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("ceiling 2048²"), lines.get(0));
        for (String line : lines) {
            assertTrue(line.matches(".*best +[0-9.]+ ms +[0-9]+ GFLOP/s +median +[0-9.]+ ms +[0-9]+ GFLOP/s"), line);
        }
    }
}
