package dev.lorabench.train;

import dev.lorabench.lora.LoraTargets;
import dev.lorabench.model.Architecture;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Every effective option of one experiment: the base, the data, and the variants to fine-tune.
 * Built and validated by {@link Builder}; a plan that exists is runnable.
 */
public record ExperimentPlan(
        String preset,
        Architecture model,
        String dataset,
        int baseEpochs,
        int finetuneEpochs,
        int finetuneSteps,
        int batchSize,
        float lr,
        long seed,
        ClassSelection finetuneClasses,
        double replay,
        List<Integer> ranks,
        float alpha,
        boolean rsLora,
        boolean full,
        String targets,
        int trainLimit,
        int testLimit,
        Path baseFile,
        double trainFraction,
        double validationFraction,
        int imageSize,
        boolean rgb,
        int earlyStopping,
        Schedule schedule,
        boolean newHead) {

    public ExperimentPlan {
        ranks = List.copyOf(ranks);
        Objects.requireNonNull(schedule, "schedule");
    }

    /** The LoRA target selection: {@code linear}, {@code conv} or {@code all}. */
    public LoraTargets loraTargets() {
        return switch (targets) {
            case "linear" -> LoraTargets.allLinear();
            case "conv" -> LoraTargets.allConv();
            default -> LoraTargets.linearAndConv();
        };
    }

    /** The variants in run order: LoRA ranks ascending, then the full fine-tune. */
    public List<VariantSpec> variants() {
        List<VariantSpec> list = new java.util.ArrayList<>();
        ranks.forEach(r -> list.add(VariantSpec.lora(r)));
        if (full) {
            list.add(VariantSpec.full());
        }
        return list;
    }

    public Builder toBuilder() {
        return new Builder()
                .optPreset(preset)
                .setModel(model)
                .setDataset(dataset)
                .setBaseEpochs(baseEpochs)
                .setFinetuneEpochs(finetuneEpochs)
                .setFinetuneSteps(finetuneSteps)
                .setBatchSize(batchSize)
                .setLr(lr)
                .setSeed(seed)
                .setFinetuneClasses(finetuneClasses)
                .setReplay(replay)
                .setRanks(ranks)
                .setAlpha(alpha)
                .setRsLora(rsLora)
                .setFull(full)
                .setTargets(targets)
                .setTrainLimit(trainLimit)
                .setTestLimit(testLimit)
                .optBaseFile(baseFile)
                .setSplit(trainFraction, validationFraction)
                .setImageSize(imageSize)
                .setRgb(rgb)
                .setEarlyStopping(earlyStopping)
                .setSchedule(schedule)
                .setNewHead(newHead);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the workbench's defaults (the seeds' MLP recipe). */
    public static final class Builder {
        private String preset = "custom";
        private Architecture model = Architecture.MLP;
        private String dataset = "mnist";
        private int baseEpochs = 1;
        private int finetuneEpochs = 1;
        private int finetuneSteps;
        private int batchSize = 10;
        private float lr = 1e-3f;
        private long seed = 42;
        private ClassSelection finetuneClasses = ClassSelection.worstClass();
        private double replay;
        private List<Integer> ranks = List.of(1, 2, 3, 4);
        private float alpha = 1f;
        private boolean rsLora;
        private boolean full = true;
        private String targets = "all";
        private int trainLimit;
        private int testLimit;
        private Path baseFile;
        private double trainFraction = 0.7;
        private double validationFraction = 0.15;
        private int imageSize = 28;
        private boolean rgb;
        private int earlyStopping;
        private boolean newHead;
        private Schedule schedule = Schedule.LOCKSTEP;

        public Builder optPreset(String preset) { this.preset = preset; return this; }
        public Builder setModel(Architecture model) { this.model = model; return this; }
        public Builder setDataset(String dataset) { this.dataset = dataset; return this; }
        public Builder setBaseEpochs(int v) { this.baseEpochs = v; return this; }
        public Builder setFinetuneEpochs(int v) { this.finetuneEpochs = v; return this; }
        /** Stops each fine-tune after this many steps (0: run all epochs). */
        public Builder setFinetuneSteps(int v) { this.finetuneSteps = v; return this; }
        public Builder setBatchSize(int v) { this.batchSize = v; return this; }
        public Builder setLr(float v) { this.lr = v; return this; }
        public Builder setSeed(long v) { this.seed = v; return this; }
        public Builder setFinetuneClasses(ClassSelection v) { this.finetuneClasses = v; return this; }
        public Builder setReplay(double v) { this.replay = v; return this; }
        public Builder setRanks(List<Integer> v) { this.ranks = List.copyOf(new TreeSet<>(v)); return this; }
        public Builder setAlpha(float v) { this.alpha = v; return this; }
        public Builder setRsLora(boolean v) { this.rsLora = v; return this; }
        public Builder setFull(boolean v) { this.full = v; return this; }
        public Builder setTargets(String v) { this.targets = v; return this; }
        /** Uses the first N training samples (0: all). */
        public Builder setTrainLimit(int v) { this.trainLimit = v; return this; }
        /** Uses the first N test samples (0: all). */
        public Builder setTestLimit(int v) { this.testLimit = v; return this; }
        public Builder optBaseFile(Path v) { this.baseFile = v; return this; }
        /** Image folders: the shares of each class for training and validation (test gets the rest). */
        public Builder setSplit(double train, double validation) {
            this.trainFraction = train;
            this.validationFraction = validation;
            return this;
        }
        /** Image folders: images are resized to this many pixels a side. */
        public Builder setImageSize(int v) { this.imageSize = v; return this; }
        /** Image folders: keep colour (3 channels) instead of grayscale. */
        public Builder setRgb(boolean v) { this.rgb = v; return this; }
        /** Stops a fine-tune after this many epochs without a better validation loss (0: never). */
        public Builder setEarlyStopping(int v) { this.earlyStopping = v; return this; }
        /**
         * With a state-dict base: load it without its output layer when that layer's shape
         * differs (another number of classes), keeping a fresh head for base epochs to train.
         */
        public Builder setNewHead(boolean v) { this.newHead = v; return this; }
        /** Lockstep (one shared pass over the data for all variants, the default) or sequential. */
        public Builder setSchedule(Schedule v) { this.schedule = Objects.requireNonNull(v, "schedule"); return this; }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the first bad value
         */
        public ExperimentPlan build() {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(finetuneClasses, "finetuneClasses");
            if (baseFile == null) {
                atLeast("base epochs", baseEpochs, 1);
            } else {
                atLeast("base epochs", baseEpochs, 0);
            }
            atLeast("fine-tune epochs", finetuneEpochs, 1);
            atLeast("fine-tune steps", finetuneSteps, 0);
            atLeast("batch size", batchSize, 1);
            atLeast("train limit", trainLimit, 0);
            atLeast("test limit", testLimit, 0);
            if (!(lr > 0) || !Float.isFinite(lr)) {
                throw new IllegalArgumentException("lr must be positive and finite but was " + lr);
            }
            if (!(alpha > 0) || !Float.isFinite(alpha)) {
                throw new IllegalArgumentException("alpha must be positive and finite but was " + alpha);
            }
            if (!(replay >= 0 && replay <= 1)) {
                throw new IllegalArgumentException("replay must be in [0, 1] but was " + replay);
            }
            for (int r : ranks) {
                if (r < 1) {
                    throw new IllegalArgumentException("rank must be at least 1 but was " + r);
                }
            }
            if (!(trainFraction > 0 && validationFraction >= 0 && trainFraction + validationFraction < 1)) {
                throw new IllegalArgumentException("split must have train > 0, validation >= 0 and train + validation < 1"
                        + " but was " + trainFraction + "," + validationFraction);
            }
            if (imageSize < 4 || imageSize > 512) {
                throw new IllegalArgumentException("image size must be in 4..512 but was " + imageSize);
            }
            atLeast("early stopping", earlyStopping, 0);
            if (newHead && (baseFile == null || baseEpochs < 1)) {
                throw new IllegalArgumentException(
                        "a new head needs --base FILE.safetensors and at least 1 base epoch to train it");
            }
            if (ranks.isEmpty() && !full) {
                throw new IllegalArgumentException("select at least one rank or the full fine-tune");
            }
            if (!List.of("linear", "conv", "all").contains(targets)) {
                throw new IllegalArgumentException(
                        "targets must be linear, conv or all but was " + targets);
            }
            if (model == Architecture.LINEAR && !dataset.equals("synthetic")) {
                throw new IllegalArgumentException(
                        "the linear regressor trains on the synthetic dataset, not " + dataset);
            }
            if (model != Architecture.LINEAR && dataset.equals("synthetic")) {
                throw new IllegalArgumentException(
                        "the synthetic dataset is a regression task for the linear model, not " + model.id());
            }
            return new ExperimentPlan(
                    preset, model, dataset, baseEpochs, finetuneEpochs, finetuneSteps, batchSize, lr,
                    seed, finetuneClasses, replay, ranks, alpha, rsLora, full, targets, trainLimit,
                    testLimit, baseFile, trainFraction, validationFraction, imageSize, rgb, earlyStopping, schedule, newHead);
        }

        private static void atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
            }
        }
    }
}
