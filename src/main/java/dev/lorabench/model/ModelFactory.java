package dev.lorabench.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;

/**
 * Builds the workbench's models from a {@link ModelSpec}. Every model takes flat rows of
 * {@code spec.inputSize()} values; the convolutional ones reshape to images first.
 *
 * <p>Child names follow the equivalent PyTorch modules ({@code nn.Sequential} indices for the MLP,
 * {@code features}/{@code classifier} for the VGG), so layer paths read the same in both worlds.
 */
public final class ModelFactory {

    private ModelFactory() {}

    /** A fresh, uninitialised block for the spec. */
    public static Block build(ModelSpec spec) {
        return switch (spec.architecture()) {
            case MLP -> mlp(spec);
            case RESNET -> resnet(spec);
            case VGG -> vgg(spec);
            case RESNET18 -> resnet18(spec);
            case LINEAR -> new Seq().add("0", linear(spec.inputSize(), spec.outputs()));
        };
    }

    /** The number of values in all parameters of an initialised block. */
    public static long parameterCount(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN
                    || p.getValue().getType() == Parameter.Type.RUNNING_VAR) {
                continue; // statistics, not learned parameters (PyTorch counts them as buffers)
            }
            total += p.getValue().getArray().size();
        }
        return total;
    }

    /**
     * Builds the model on a scratch manager just to count its parameters; nothing stays in the
     * engine afterwards. For views that show "2,807,010 parameters" before anything runs.
     */
    public static long countParameters(ModelSpec spec) {
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            Block block = build(spec);
            block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, spec.batchShape(1));
            return parameterCount(block);
        }
    }

    private static Block mlp(ModelSpec spec) {
        return new Seq()
                .add("0", linear(spec.inputSize(), 1000))
                .add("1", Activation.reluBlock())
                .add("2", linear(1000, 2000))
                .add("3", Activation.reluBlock())
                .add("4", linear(2000, spec.outputs()));
    }

    private static Block resnet(ModelSpec spec) {
        return new Seq()
                .add("reshape", toImages(spec))
                .add("conv1", conv(spec.channels(), 16, 3, 1))
                .add("bn1", BatchNorm.builder().build())
                .add("relu", Activation.reluBlock())
                .add("layer1", new Seq().add("0", residual(16, 16, 1, false)))
                .add("layer2", new Seq().add("0", residual(16, 32, 2, true)))
                .add("layer3", new Seq().add("0", residual(32, 64, 2, true)))
                .add("avgpool", Pool.globalAvgPool2dBlock())
                .add("flatten", Blocks.batchFlattenBlock())
                .add("fc", linear(64, spec.outputs()));
    }

    /**
     * ResNet-18 exactly as torchvision lays it out (conv1 7×7/2, max-pool, four stages of two
     * basic blocks, 64–512 channels), so a torchvision state dict imports by name.
     */
    private static Block resnet18(ModelSpec spec) {
        Seq model = new Seq()
                .add("reshape", toImages(spec))
                .add("conv1", conv(spec.channels(), 64, 7, 2, 3))
                .add("bn1", BatchNorm.builder().build())
                .add("relu", Activation.reluBlock())
                .add("maxpool", Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int[] widths = {64, 128, 256, 512};
        int in = 64;
        for (int stage = 0; stage < widths.length; stage++) {
            boolean first = stage == 0;
            model.add("layer" + (stage + 1), new Seq()
                    .add("0", residual(in, widths[stage], first ? 1 : 2, !first))
                    .add("1", residual(widths[stage], widths[stage], 1, false)));
            in = widths[stage];
        }
        return model
                .add("avgpool", Pool.globalAvgPool2dBlock())
                .add("flatten", Blocks.batchFlattenBlock())
                .add("fc", linear(in, spec.outputs()));
    }

    private static Residual residual(int inChannels, int channels, int stride, boolean downsample) {
        Seq main =
                new Seq()
                        .add("conv1", conv(inChannels, channels, 3, stride))
                        .add("bn1", BatchNorm.builder().build())
                        .add("relu", Activation.reluBlock())
                        .add("conv2", conv(channels, channels, 3, 1))
                        .add("bn2", BatchNorm.builder().build());
        Seq shortcut =
                downsample
                        ? new Seq().add("0", conv(inChannels, channels, 1, stride, 0)).add("1", BatchNorm.builder().build())
                        : null;
        return new Residual(main, shortcut);
    }

    private static Block vgg(ModelSpec spec) {
        Seq features =
                new Seq()
                        .add("0", conv(spec.channels(), 16, 3, 1))
                        .add("1", Activation.reluBlock())
                        .add("2", conv(16, 16, 3, 1))
                        .add("3", Activation.reluBlock())
                        .add("4", MaxPool2d.of(2))
                        .add("5", conv(16, 32, 3, 1))
                        .add("6", Activation.reluBlock())
                        .add("7", conv(32, 32, 3, 1))
                        .add("8", Activation.reluBlock())
                        .add("9", MaxPool2d.of(2));
        Seq classifier =
                new Seq()
                        // Two 2×2 max-pools (floor division, as in PyTorch) before the flatten.
                        .add("0", linear(32L * (spec.height() / 4) * (spec.width() / 4), 128))
                        .add("1", Activation.reluBlock())
                        .add("2", linear(128, spec.outputs()));
        return new Seq()
                .add("reshape", toImages(spec))
                .add("features", features)
                .add("flatten", Blocks.batchFlattenBlock())
                .add("classifier", classifier);
    }

    private static Block toImages(ModelSpec spec) {
        int c = spec.channels();
        int h = spec.height();
        int w = spec.width();
        return new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, c, h, w)), "reshape");
    }

    /** A linear layer initialised as {@code torch.nn.Linear(inFeatures, units)}. */
    private static Linear linear(long inFeatures, int units) {
        return TorchInit.torchDefault(Linear.builder().setUnits(units).build(), inFeatures);
    }

    private static Conv2d conv(int inChannels, int filters, int kernel, int stride) {
        return conv(inChannels, filters, kernel, stride, kernel / 2);
    }

    /** A bias-free convolution initialised as {@code torch.nn.Conv2d(inChannels, filters, kernel)}. */
    private static Conv2d conv(int inChannels, int filters, int kernel, int stride, int padding) {
        Conv2d conv = Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(false)
                .build();
        return TorchInit.torchDefault(conv, (long) inChannels * kernel * kernel);
    }
}
