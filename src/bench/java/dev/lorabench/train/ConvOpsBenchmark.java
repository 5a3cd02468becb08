package dev.lorabench.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * Times the parts of a LoRA convolution's inference on one batch of VGG activations (167 rows of
 * 16×28×28): the base 3×3 convolution, the adapter's 3×3 down-projection to r channels and 1×1
 * up-projection, the scale and the sum.
 *
 * <pre>java -cp target/lorabench-bench.jar dev.lorabench.train.ConvOpsBenchmark [rows] [rank]</pre>
 */
public final class ConvOpsBenchmark {

    private ConvOpsBenchmark() {}

    public static void main(String[] args) {
        Engine.getInstance();
        Torch.gradMode(false);
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 167;
        int r = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int reps = 60;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(rows, 16, 28, 28));
            NDArray w = m.randomNormal(new Shape(16, 16, 3, 3));
            NDArray a = m.randomNormal(new Shape(r, 16, 3, 3));
            NDArray b = m.randomNormal(new Shape(16, r, 1, 1));
            NDArray s = m.full(new Shape(), 2f);
            if ("1".equals(System.getenv("GRAD"))) {
                a.setRequiresGradient(true);
                b.setRequiresGradient(true);
                w.setRequiresGradient(true);
            }
            Shape one = new Shape(1, 1);
            Shape zero = new Shape(0, 0);
            NDArray down0 = Conv2d.conv2d(x, a, null, one, one, one).singletonOrThrow();
            NDArray base0 = Conv2d.conv2d(x, w, null, one, one, one).singletonOrThrow();
            NDArray up0 = Conv2d.conv2d(down0, b, null, one, zero, one).singletonOrThrow();
            NDArray pool0 = base0.getNDArrayInternal().maxPool(new Shape(2, 2), new Shape(2, 2), zero, false);
            report("up as matmul", up0, upMatmul(down0, b, r));
            report("up as broadcast mul (r=1)", up0, r == 1 ? down0.mul(b.reshape(1, 16, 1, 1)) : up0);
            report("pool as view maxima", pool0, poolViews(base0));
            NDArray wa = w.concat(a, 0);
            NDArray fused = Conv2d.conv2d(x, wa, null, one, one, one).singletonOrThrow();
            report("fused conv: base part", base0, fused.get(":, 0:16"));
            report("fused conv: down part", down0, fused.get(":, 16:"));
            report("pool as reshape max", pool0, poolReshape(base0));
            for (int round = 0; round < 3; round++) {
                time(os, "up as matmul", reps, () -> upMatmul(down0, b, r));
                time(os, "up as matmul, B detached", reps, () -> { try (NDArray d = b.stopGradient()) { return upMatmul(down0, d, r); } });
                time(os, "fused conv 16->16+r", reps, () -> Conv2d.conv2d(x, wa, null, one, one, one).singletonOrThrow());

                time(os, "pool as view maxima", reps, () -> poolViews(base0));
                time(os, "pool as reshape max", reps, () -> poolReshape(base0));
                time(os, "base conv 16->16 3x3", reps, () -> Conv2d.conv2d(x, w, null, one, one, one).singletonOrThrow());
                time(os, "down conv 16->r 3x3", reps, () -> Conv2d.conv2d(x, a, null, one, one, one).singletonOrThrow());
                time(os, "up conv r->16 1x1", reps, () -> Conv2d.conv2d(down0, b, null, one, zero, one).singletonOrThrow());
                time(os, "mul scale", reps, () -> base0.mul(s));
                time(os, "add", reps, () -> base0.add(base0));
                time(os, "relu", reps, () -> ai.djl.nn.Activation.relu(base0));
                time(os, "maxpool 2x2", reps, () -> base0.getNDArrayInternal().maxPool(new Shape(2, 2), new Shape(2, 2), zero, false));
            }
        }
    }

    private static NDArray upMatmul(NDArray down, NDArray b, int r) {
        Shape s = down.getShape();
        try (NDArray d = down.reshape(s.get(0), r, s.get(2) * s.get(3)); NDArray b2 = b.reshape(16, r);
                NDArray p = b2.matMul(d)) {
            return p.reshape(s.get(0), 16, s.get(2), s.get(3));
        }
    }

    private static NDArray poolViews(NDArray x) {
        try (NDArray even = x.get(":, :, 0::2, :"); NDArray odd = x.get(":, :, 1::2, :");
                NDArray rows = even.maximum(odd); NDArray left = rows.get(":, :, :, 0::2");
                NDArray right = rows.get(":, :, :, 1::2")) {
            return left.maximum(right);
        }
    }

    private static NDArray poolReshape(NDArray x) {
        Shape s = x.getShape();
        try (NDArray six = x.reshape(s.get(0), s.get(1), s.get(2) / 2, 2, s.get(3) / 2, 2);
                NDArray five = six.max(new int[] {5})) {
            return five.max(new int[] {3});
        }
    }

    private static void report(String name, NDArray expected, NDArray actual) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        int differ = 0;
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                differ++;
                max = Math.max(max, Math.abs(e[i] - a[i]));
            }
        }
        System.out.printf("%-26s %s: %d of %d values differ in bits, max |d| %.3g%n", name,
                java.util.Arrays.toString(actual.getShape().getShape()), differ, e.length, max);
    }

    private static void time(com.sun.management.OperatingSystemMXBean os, String name, int reps, Supplier<NDArray> op) {
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            op.get().close();
        }
        System.out.printf("%-24s %7.2f ms CPU, %7.2f ms wall a batch%n", name,
                (os.getProcessCpuTime() - cpu0) / 1e6 / reps, (System.nanoTime() - t0) / 1e6 / reps);
    }
}
