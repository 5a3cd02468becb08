package dev.lorabench.plan;

import dev.lorabench.model.Architecture;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every effective option of one experiment, as nested values: the data, the base, the adapters,
 * the fine-tune and the schedule. Built and validated by {@link Builder}; a plan that exists is
 * runnable. {@link PlanField} lists every option once, for the CLI, the form and run.json.
 *
 * @param preset the preset it started from, or {@code custom}
 * @param batchSize rows per step, for the base and every fine-tune
 * @param lr Adam's learning rate, for the base and every fine-tune
 * @param section7 whether the run also analyses the LoRA paper's §7 and intruder dimensions
 */
public record ExperimentPlan(
        String preset,
        Architecture model,
        DatasetRef dataset,
        SampleLimits limits,
        BasePlan base,
        Adapters adapters,
        FineTune finetune,
        int batchSize,
        float lr,
        Schedule schedule,
        long seed,
        boolean section7) {

    public ExperimentPlan {
        if (Stream.of(preset, model, dataset, limits, base, adapters, finetune, schedule).anyMatch(Objects::isNull)) {
            throw new NullPointerException("a plan needs every part: " + preset + ", " + model + ", " + dataset + ", "
                    + limits + ", " + base + ", " + adapters + ", " + finetune + ", " + schedule);
        }
    }

    /** The variants in run order: LoRA by rank (then method), then the full fine-tune. */
    public List<Variant> variants() {
        return adapters.variants();
    }

    /** The dataset the base is trained and evaluated on: its own in a transfer run, else the fine-tune's. */
    public DatasetRef baseDataset() {
        return base.dataset() == null ? dataset : base.dataset();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        for (PlanField f : PlanField.values()) {
            f.copy(this, b);
        }
        return b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Flat setters, one per {@link PlanField}, with the workbench's defaults (the seeds' MLP
     * recipe); {@link #build()} validates and nests.
     */
    public static final class Builder {
        private String preset = "custom";
        private Architecture model = Architecture.MLP;
        private String dataset = "mnist";
        private String baseDataset = "";
        private int baseEpochs = 1;
        private int finetuneEpochs = 1;
        private int finetuneSteps;
        private int batchSize = 10;
        private float lr = 1e-3f;
        private long seed = 42;
        private int seeds = 1;
        private ClassSelection finetuneClasses = ClassSelection.worstClass();
        private ClassSelection companionClasses;
        private double replay;
        private List<Integer> ranks = List.of(1, 2, 3, 4);
        private float alpha = 1f;
        private boolean rsLora;
        private boolean full = true;
        private String variants = "";
        private String rankPattern = "";
        private String alphaPattern = "";
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
        private boolean section7;

        public Builder optPreset(String preset) { this.preset = preset; return this; }
        public Builder setModel(Architecture model) { this.model = model; return this; }
        /** {@code mnist}, {@code fashion-mnist}, {@code synthetic}, {@code idx:DIR} or {@code folder:DIR}. */
        public Builder setDataset(String dataset) { this.dataset = dataset; return this; }
        /** The base's own dataset, same spellings as {@link #setDataset}; blank: the fine-tune's. */
        public Builder setBaseDataset(String v) { this.baseDataset = v == null ? "" : v.trim(); return this; }
        public Builder setBaseEpochs(int v) { this.baseEpochs = v; return this; }
        public Builder setFinetuneEpochs(int v) { this.finetuneEpochs = v; return this; }
        /** Stops each fine-tune after this many steps (0: run all epochs). */
        public Builder setFinetuneSteps(int v) { this.finetuneSteps = v; return this; }
        public Builder setBatchSize(int v) { this.batchSize = v; return this; }
        public Builder setLr(float v) { this.lr = v; return this; }
        public Builder setSeed(long v) { this.seed = v; return this; }
        /** Fine-tunes every variant with this many seeds: the seed, seed + 1, … (1: the seed alone). */
        public Builder setSeeds(int v) { this.seeds = v; return this; }
        public Builder setFinetuneClasses(ClassSelection v) { this.finetuneClasses = v; return this; }
        /**
         * A companion task (ADR 0029): each plain LoRA variant also fine-tuned on these classes
         * from the same base, and the two adapters combined; null: none.
         */
        public Builder optCompanionClasses(ClassSelection v) { this.companionClasses = v; return this; }
        public Builder setReplay(double v) { this.replay = v; return this; }
        public Builder setRanks(List<Integer> v) { this.ranks = List.copyOf(v); return this; }
        public Builder setAlpha(float v) { this.alpha = v; return this; }
        public Builder setRsLora(boolean v) { this.rsLora = v; return this; }
        public Builder setFull(boolean v) { this.full = v; return this; }
        /**
         * The variants listed one by one ({@link VariantList}: {@code lora:4,dora:4,full}); blank:
         * the ranks/rsLoRA/full shorthand decides.
         */
        public Builder setVariants(String v) { this.variants = v == null ? "" : v; return this; }
        public Builder setVariants(List<Variant> v) { this.variants = VariantList.format(v); return this; }
        /** Per-layer ranks ({@link LayerPatterns}: {@code 0=8,2=4}); blank: the variants' ranks everywhere. */
        public Builder setRankPattern(String v) { this.rankPattern = v == null ? "" : v; return this; }
        /** Per-layer α ({@link LayerPatterns}: {@code 0=16}); blank: the plan's α everywhere. */
        public Builder setAlphaPattern(String v) { this.alphaPattern = v == null ? "" : v; return this; }
        /** {@code linear}, {@code conv} or {@code all}. */
        public Builder setTargets(String v) { this.targets = v; return this; }
        public Builder setTargets(Targets v) { this.targets = v.id(); return this; }
        /** Uses the first N training samples (0: all). */
        public Builder setTrainLimit(int v) { this.trainLimit = v; return this; }
        /** Uses the first N test samples (0: all). */
        public Builder setTestLimit(int v) { this.testLimit = v; return this; }
        /** Loads the base from this file instead of training it from scratch (null: train). */
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
        /** Also analyse the LoRA paper's §7 and intruder dimensions after the fine-tunes. */
        public Builder setSection7(boolean v) { this.section7 = v; return this; }

        /**
         * Validates and builds.
         *
         * @throws PlanException naming the field of the first bad value
         */
        public ExperimentPlan build() {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(finetuneClasses, "finetuneClasses");
            if (newHead && baseFile == null) {
                throw new PlanException(PlanField.NEW_HEAD,
                        "a new head needs --base FILE.safetensors and at least 1 base epoch to train it");
            }
            FolderOptions folders = new FolderOptions(trainFraction, validationFraction, imageSize, rgb);
            DatasetRef ref = DatasetRef.parse(dataset, folders);
            DatasetRef baseRef = baseDataset.isEmpty() || baseDataset.equals(ref.id())
                    ? null : DatasetRef.parse(baseDataset, folders);
            if (baseRef != null && (baseRef instanceof DatasetRef.Synthetic || ref instanceof DatasetRef.Synthetic)) {
                throw new PlanException(PlanField.BASE_DATASET,
                        "a base dataset of its own needs two image datasets but was " + baseDataset + " for " + dataset);
            }
            BasePlan base = baseFile == null
                    ? new BasePlan.Trained(baseEpochs, baseRef) : new BasePlan.Loaded(baseFile, baseEpochs, newHead, baseRef);
            PlanField.FINETUNE_EPOCHS.checkAtLeast(finetuneEpochs);
            PlanField.FINETUNE_STEPS.checkAtLeast(finetuneSteps);
            PlanField.BATCH_SIZE.checkAtLeast(batchSize);
            SampleLimits limits = new SampleLimits(trainLimit, testLimit);
            if (!(lr > 0) || !Float.isFinite(lr)) {
                throw new PlanException(PlanField.LR, "lr must be positive and finite but was " + lr);
            }
            Adapters adapters = new Adapters(ranks, full, Targets.byId(targets), alpha, rsLora,
                    VariantList.parse(variants, alpha), LayerPatterns.ranks(rankPattern),
                    LayerPatterns.alphas(alphaPattern));
            FineTune finetune = new FineTune(finetuneEpochs, finetuneSteps, finetuneClasses, replay, earlyStopping, seeds,
                    Optional.ofNullable(companionClasses));
            if (companionClasses != null && ref instanceof DatasetRef.Synthetic) {
                throw new PlanException(PlanField.COMPANION_CLASSES,
                        "companion classes need an image dataset's classes but the dataset was " + dataset);
            }
            if (model == Architecture.LINEAR && !(ref instanceof DatasetRef.Synthetic)) {
                throw new PlanException(PlanField.DATASET,
                        "the linear regressor trains on the synthetic dataset, not " + dataset);
            }
            if (model != Architecture.LINEAR && ref instanceof DatasetRef.Synthetic) {
                throw new PlanException(PlanField.DATASET,
                        "the synthetic dataset is a regression task for the linear model, not " + model.id());
            }
            return new ExperimentPlan(preset, model, ref, limits, base, adapters, finetune, batchSize, lr, schedule, seed,
                    section7);
        }
    }
}
