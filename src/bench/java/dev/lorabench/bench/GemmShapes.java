package dev.lorabench.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The matrix products of one batch-64 training step of the base MLP (784-1000-2000-10), each
 * alone, through DJL's PyTorch engine (libtorch with oneMKL), against the 2048² ceiling: are the
 * engine's 64-row products slow in themselves, or is the time lost around them in the step?
 * {@code bench/gemm_shapes.py} runs the same shapes in the PyTorch twin (OpenBLAS). Best and
 * median of each: on a shared virtual machine the median follows the neighbours, the best
 * what the library can do. Each product runs {@code copies} different right-hand matrices in
 * turn, so that with copies > 1 they come from memory rather than from the cache, as in a step.
 *
 * <p>{@code java -cp target/lorabench-bench.jar dev.lorabench.bench.GemmShapes [reps] [copies]}
 */
public final class GemmShapes {

    /** One product: rows × inner × columns, with which operand is a transposed view. */
    record Product(String name, int rows, int inner, int cols, boolean leftTransposed, boolean rightTransposed) {
        double flops() {
            return 2.0 * rows * inner * cols;
        }
    }

    /** The step's large products: forward x·Wᵀ, backward dY·W (input gradient) and dYᵀ·X (weight gradient). */
    static final List<Product> STEP = List.of(
            new Product("forward 784→1000", 64, 784, 1000, false, true),
            new Product("forward 1000→2000", 64, 1000, 2000, false, true),
            new Product("backward dX of 1000→2000", 64, 2000, 1000, false, false),
            new Product("backward dW of 1000→2000", 2000, 64, 1000, true, false),
            new Product("backward dW of 784→1000", 1000, 64, 784, true, false));

    private GemmShapes() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (NDManager manager = NDManager.newBaseManager()) {
            System.out.println(line(new Product("ceiling 2048²", 2048, 2048, 2048, false, false), time(manager, 2048, 2048, 2048, false, false, 1, Math.min(10, reps))));
            for (Product p : STEP) {
                System.out.println(line(p, time(manager, p.rows(), p.inner(), p.cols(), p.leftTransposed(), p.rightTransposed(), copies, reps)));
            }
        }
    }

    private static double[] time(NDManager manager, int m, int k, int n, boolean ta, boolean tb, int copies, int reps) {
        try (NDManager local = manager.newSubManager()) {
            NDArray a = ta ? local.randomNormal(new Shape(k, m)).transpose() : local.randomNormal(new Shape(m, k));
            NDArray[] b = new NDArray[copies];
            for (int c = 0; c < copies; c++) {
                b[c] = tb ? local.randomNormal(new Shape(n, k)).transpose() : local.randomNormal(new Shape(k, n));
            }
            for (int i = 0; i < 5; i++) {
                a.matMul(b[i % copies]).close();
            }
            double[] seconds = new double[reps];
            for (int i = 0; i < reps; i++) {
                NDArray right = b[i % copies];
                long t0 = System.nanoTime();
                a.matMul(right).close();
                seconds[i] = (System.nanoTime() - t0) / 1e9;
            }
            Arrays.sort(seconds);
            return seconds;
        }
    }

    private static String line(Product p, double[] sorted) {
        double best = sorted[0];
        double median = sorted[sorted.length / 2];
        return String.format(Locale.ROOT, "%-26s %5dx%5dx%5d  best %7.3f ms %4.0f GFLOP/s  median %7.3f ms %4.0f GFLOP/s",
                p.name(), p.rows(), p.inner(), p.cols(), best * 1e3, p.flops() / best / 1e9, median * 1e3, p.flops() / median / 1e9);
    }
}
