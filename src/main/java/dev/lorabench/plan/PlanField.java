package dev.lorabench.plan;

import dev.lorabench.model.Architecture;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one table of a plan's options. Each row says how the option is spelled on the command line,
 * under which keys run.json's {@code config} and the workbench's saved settings keep it, what the
 * form calls it, how to read it from a plan and set it on a builder, and its bounds. The CLI, the
 * form and run.json iterate this table, so a new option is one new row (plus its builder setter).
 *
 * <p>Values travel as the CLI's types: {@code Integer}, {@code Long}, {@code Float}, {@code
 * Double}, {@code Boolean}, {@code String}, {@code Path}, or a {@code List} of {@link #element()}.
 */
public enum PlanField {
    PRESET(Row.of("preset", String.class, ExperimentPlan::preset, ExperimentPlan.Builder::optPreset)
            .cli("--preset", "mlp-mnist, pair-mnist, resnet-mnist, vgg-mnist, toy-regression or transfer-fashion;"
                    + " options below override it")),
    MODEL(Row.of("model", String.class, p -> p.model().id(), (b, v) -> b.setModel(model(v)))
            .cli("--model", "mlp, resnet, vgg or linear")),
    DATASET(Row.of("dataset", String.class, p -> p.dataset().id(), ExperimentPlan.Builder::setDataset)
            .cli("--dataset", "mnist, fashion-mnist, synthetic, idx:DIR, or folder:DIR (one sub-folder of PNG/JPEG images per class)")
            .settings("dataset", "idxFolder")),
    /** The base's own dataset in a transfer run; blank: the fine-tune's. */
    BASE_DATASET(Row.of("base dataset", String.class, p -> p.base().dataset() == null ? "" : p.base().dataset().id(),
                    ExperimentPlan.Builder::setBaseDataset)
            .cli("--base-dataset", "train and evaluate the base on this dataset (spelled as --dataset), then"
                    + " fine-tune and test on --dataset, e.g. mnist then fashion-mnist (default: --dataset)")
            .label("DATASET").keys("baseDataset")),
    BASE_EPOCHS(Row.of("base epochs", Integer.class, p -> p.base().epochs(), ExperimentPlan.Builder::setBaseEpochs)
            .cli("--base-epochs", null).keys("baseEpochs").min(0)),
    FINETUNE_EPOCHS(Row.of("fine-tune epochs", Integer.class, p -> p.finetune().epochs(), ExperimentPlan.Builder::setFinetuneEpochs)
            .cli("--finetune-epochs", null).keys("finetuneEpochs").min(1)),
    FINETUNE_STEPS(Row.of("fine-tune steps", Integer.class, p -> p.finetune().steps(), ExperimentPlan.Builder::setFinetuneSteps)
            .cli("--finetune-steps", "stop each fine-tune after N steps (0: all epochs)").keys("finetuneSteps").min(0)),
    BATCH_SIZE(Row.of("batch size", Integer.class, ExperimentPlan::batchSize, ExperimentPlan.Builder::setBatchSize)
            .cli("--batch-size", null).keys("batchSize").min(1)),
    /** Adam's learning rate; run.json also records the optimizer next to it. */
    LR(Row.of("lr", Float.class, ExperimentPlan::lr, ExperimentPlan.Builder::setLr)
            .cli("--lr", "Adam learning rate")),
    SEED(Row.of("seed", Long.class, ExperimentPlan::seed, ExperimentPlan.Builder::setSeed).cli("--seed", null)),
    /** Every variant fine-tuned with this many seeds (--seed, --seed + 1, …), for means and spreads. */
    SEEDS(Row.of("seeds", Integer.class, p -> p.finetune().seeds(), ExperimentPlan.Builder::setSeeds)
            .cli("--seeds", "fine-tune every variant with N seeds (--seed, --seed + 1, ...: adapter initialisation"
                    + " and batch order) on the same base, 1.." + FineTune.MAX_SEEDS)
            .label("N").min(1).max(FineTune.MAX_SEEDS)),
    CLASSES(Row.of("fine-tune classes", String.class, p -> p.finetune().classes().toString(),
                    (b, v) -> b.setFinetuneClasses(ClassSelection.parse(v)))
            .cli("--finetune-classes", "'worst' or a list such as 3,6,8").keys("finetuneClasses")
            .settings("classes", "worstClass")),
    /** A second task's classes (ADR 0029): plain LoRA variants also fine-tuned on them, the adapters combined. */
    COMPANION_CLASSES(Row.of("companion classes", String.class,
                    p -> p.finetune().companion().map(ClassSelection::toString).orElse(""), PlanField::companion)
            .cli("--companion-classes", "also fine-tune every plain LoRA variant (lora, rslora, loraplus) from the same"
                    + " base on these classes, e.g. 1,7 (none of --finetune-classes), and combine the two adapters"
                    + " (linear, cat, svd, ties); run.json's taskPair")
            .label("CLASSES").keys("companionClasses")),
    REPLAY(Row.of("replay", Double.class, p -> p.finetune().replay(), ExperimentPlan.Builder::setReplay)
            .cli("--replay", "fraction of the other classes' rows mixed into the fine-tune, 0..1").min(0).max(1)),
    RANKS(Row.list("ranks", Integer.class, p -> p.adapters().ranks(), ExperimentPlan.Builder::setRanks)
            .cli("--ranks", "LoRA ranks, e.g. 1,2,3,4 (empty: none)").min(1)),
    ALPHA(Row.of("alpha", Float.class, p -> p.adapters().alpha(), ExperimentPlan.Builder::setAlpha).cli("--alpha", null)),
    RS_LORA(Row.of("rsLoRA", Boolean.class, p -> p.adapters().rsLora(), ExperimentPlan.Builder::setRsLora)
            .cli("--rslora", "scale by alpha/sqrt(r) instead of alpha/r").negatable().keys("rsLora")),
    FULL(Row.of("full fine-tune", Boolean.class, p -> p.adapters().full(), ExperimentPlan.Builder::setFull)
            .cli("--full", "also run the full fine-tune baseline").negatable().keys("full")),
    /** The variants listed one by one, any method; when given, --ranks, --rslora and --full do not add any. */
    VARIANTS(Row.of("variants", String.class, p -> VariantList.format(p.adapters().listed()), ExperimentPlan.Builder::setVariants)
            .cli("--variants", "variants side by side, e.g. lora:1,rslora:64,dora:4,pissa:4,loraplus:4:16,full"
                    + " (methods lora, rslora, dora, pissa, olora, loraplus with its B/A learning-rate ratio,"
                    + " default 16); replaces the --ranks/--rslora/--full shorthand")
            .label("METHOD:RANK[:OPTION],...")),
    /** Per-layer ranks of every LoRA variant (PEFT's rank_pattern); other layers keep the variant's rank. */
    RANK_PATTERN(Row.of("rank pattern", String.class, p -> LayerPatterns.format(p.adapters().rankPattern()),
                    ExperimentPlan.Builder::setRankPattern)
            .cli("--rank-pattern", "per-layer ranks overriding each variant's, e.g. 0=8,2=4 (layer paths as"
                    + " PEFT's module names; PEFT's rank_pattern)")
            .label("PATH=RANK,...").keys("rankPattern")),
    /** Per-layer α of every LoRA variant (PEFT's alpha_pattern). */
    ALPHA_PATTERN(Row.of("alpha pattern", String.class, p -> LayerPatterns.format(p.adapters().alphaPattern()),
                    ExperimentPlan.Builder::setAlphaPattern)
            .cli("--alpha-pattern", "per-layer alpha overriding --alpha, e.g. 0=16 (PEFT's alpha_pattern)")
            .label("PATH=ALPHA,...").keys("alphaPattern")),
    TARGETS(Row.of("targets", String.class, p -> p.adapters().targets().id(), ExperimentPlan.Builder::setTargets)
            .cli("--targets", "layers to adapt: linear, conv or all")),
    TRAIN_LIMIT(Row.of("train limit", Integer.class, p -> p.limits().train(), ExperimentPlan.Builder::setTrainLimit)
            .cli("--train-limit", "use the first N training rows (0: all)").keys("trainLimit").min(0)),
    TEST_LIMIT(Row.of("test limit", Integer.class, p -> p.limits().test(), ExperimentPlan.Builder::setTestLimit)
            .cli("--test-limit", "use the first N test rows (0: all)").keys("testLimit").min(0)),
    BASE_FILE(Row.of("base file", Path.class, p -> p.base().file(), ExperimentPlan.Builder::optBaseFile)
            .cli("--base", "load base parameters (base.params of an earlier run, or a PyTorch state dict FILE.safetensors) instead of training")
            .label("FILE").keys("base").settings("baseFile", "loadBase")),
    SPLIT(Row.list("split", Double.class, p -> List.of(p.dataset().folderOptions().trainFraction(),
                    p.dataset().folderOptions().validationFraction()), PlanField::split)
            .cli("--split", "image folders: shares of each class for training and validation, e.g. 0.7,0.15 (test gets the rest)")
            .label("TRAIN,VALIDATION").keys("trainFraction", "validationFraction")),
    IMAGE_SIZE(Row.of("image size", Integer.class, p -> p.dataset().folderOptions().imageSize(), ExperimentPlan.Builder::setImageSize)
            .cli("--image-size", "image folders: resize to N x N pixels (default 28)").keys("imageSize").min(4).max(512)),
    RGB(Row.of("rgb", Boolean.class, p -> p.dataset().folderOptions().rgb(), ExperimentPlan.Builder::setRgb)
            .cli("--rgb", "image folders: keep colour instead of grayscale").negatable()),
    EARLY_STOPPING(Row.of("early stopping", Integer.class, p -> p.finetune().earlyStopping(), ExperimentPlan.Builder::setEarlyStopping)
            .cli("--early-stopping", "stop a fine-tune after N epochs without a better validation loss (0: never)")
            .label("EPOCHS").keys("earlyStopping").min(0)),
    NEW_HEAD(Row.of("new head", Boolean.class, p -> p.base().newHead(), ExperimentPlan.Builder::setNewHead)
            .cli("--new-head", "with --base FILE.safetensors: drop its output layer if it has another"
                    + " number of classes and train a fresh one (needs --base-epochs >= 1)").keys("newHead")),
    SCHEDULE(Row.of("schedule", String.class, p -> p.schedule().id(), (b, v) -> b.setSchedule(Schedule.byId(v)))
            .cli("--schedule", "lockstep (default): one pass over the data trains all variants; sequential: one variant after another")
            .label("lockstep|sequential")),
    /**
     * The LoRA paper's §7 and intruder dimensions after the fine-tunes (analysis.Section7Lab): a
     * dense SVD of W + ΔW per variant and layer, seconds each on the MLP's large layer, so opt-in.
     */
    SECTION7(Row.of("LoRA §7 and intruders", Boolean.class, ExperimentPlan::section7, ExperimentPlan.Builder::setSection7)
            .cli("--section7", "also analyse the LoRA paper's section 7 (phi between ranks 8 and 64 and between seeds,"
                    + " amplification) and intruder dimensions per layer and variant (a dense SVD of W + dW each;"
                    + " on in the transfer-fashion preset)").negatable().keys("section7"));

    private final Row<?> row;

    PlanField(Row<?> row) {
        this.row = row;
    }

    /** What the form and messages call it, e.g. {@code batch size}. */
    public String label() { return row.label; }

    /** The value type ({@code List} for lists of {@link #element()}). */
    public Class<?> type() { return row.type; }

    /** The element type of a list value, else null. */
    public Class<?> element() { return row.element; }

    /** The command-line option names, e.g. {@code --batch-size}. */
    public String cliName() { return row.cliName; }

    /** The option's help line, or null. */
    public String cliDescription() { return row.cliDescription; }

    /** The option's parameter label, or null for picocli's default. */
    public String cliLabel() { return row.cliLabel; }

    /** A yes/no option that also takes {@code --no-} (a plain flag when false). */
    public boolean negatable() { return row.negatable; }

    /** The keys of run.json's {@code config}; a two-element list value spreads over two keys. */
    public List<String> jsonKeys() { return row.jsonKeys; }

    /**
     * The keys of the saved workbench settings: the value's key first, then the form's companion
     * switch or folder (e.g. {@code classes} and {@code worstClass}).
     */
    public List<String> settingsKeys() { return row.settingsKeys == null ? row.jsonKeys : row.settingsKeys; }

    /** The smallest allowed number (of each element of a list), or null. */
    public Double min() { return row.min; }

    /** The largest allowed number, or null. */
    public Double max() { return row.max; }

    /** The field's value in a plan, as its {@link #type()}. */
    public Object value(ExperimentPlan plan) {
        return row.get.apply(plan);
    }

    /**
     * Sets {@code value} (of {@link #type()}) on the builder.
     *
     * @throws PlanException for a value the field cannot take (e.g. an unknown model)
     */
    public void apply(ExperimentPlan.Builder builder, Object value) {
        try {
            row.apply(builder, value);
        } catch (PlanException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new PlanException(this, e.getMessage());
        }
    }

    /** run.json's {@code config} entries of this field. */
    public Map<String, Object> json(ExperimentPlan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object v = value(plan);
        if (row.jsonKeys.size() > 1) {
            List<?> values = (List<?>) v;
            for (int i = 0; i < row.jsonKeys.size(); i++) {
                out.put(row.jsonKeys.get(i), values.get(i));
            }
        } else {
            out.put(row.jsonKeys.get(0), v instanceof Path path ? path.toString() : v);
        }
        if (this == LR) {
            out.put("optimizer", "adam");
        }
        return out;
    }

    void copy(ExperimentPlan plan, ExperimentPlan.Builder builder) {
        apply(builder, value(plan));
    }

    /** Refuses a number below {@link #min()}: "batch size must be at least 1 but was 0". */
    public void checkAtLeast(long v) {
        if (row.min != null && v < row.min) {
            throw new PlanException(this, label() + " must be at least " + row.min.longValue() + " but was " + v);
        }
    }

    /** The refusal of a rank above what the model's targeted layers can hold. */
    public static PlanException rankAbove(long max, Architecture model, int rank) {
        return new PlanException(RANKS, "rank must be in 1.." + max + " for the " + model.id()
                + " model's targeted layers but was " + rank);
    }

    /** Reads a value of this field from text (the form's fields, the CLI's spelling). */
    public Object parse(String text) {
        return FieldText.parse(this, text);
    }

    /** Reads one value (one element of a list field) from text. */
    public Object parseOne(String text) {
        return FieldText.parseOne(this, text);
    }

    /** Writes a value of this field as text that {@link #parse} reads back. */
    public String format(Object value) {
        return FieldText.format(value);
    }

    private static Architecture model(String id) {
        return Architecture.byId(id);
    }

    private static void companion(ExperimentPlan.Builder b, String text) {
        b.optCompanionClasses(ClassSelection.parseCompanion(text).orElse(null));
    }

    private static void split(ExperimentPlan.Builder b, List<Double> shares) {
        if (shares.size() != 2) {
            throw new PlanException(SPLIT,
                    "--split needs two shares, train and validation, like 0.7,0.15 but was " + shares);
        }
        b.setSplit(shares.get(0), shares.get(1));
    }

    /** One row of the table; built fluently so each constant reads as one statement. */
    private static final class Row<T> {
        final String label;
        final Class<?> type;
        final Class<?> element;
        final Function<ExperimentPlan, T> get;
        final BiConsumer<ExperimentPlan.Builder, T> set;
        String cliName;
        String cliDescription;
        String cliLabel;
        boolean negatable;
        List<String> jsonKeys;
        List<String> settingsKeys;
        Double min;
        Double max;

        private Row(String label, Class<?> type, Class<?> element, Function<ExperimentPlan, T> get,
                BiConsumer<ExperimentPlan.Builder, T> set) {
            this.label = label;
            this.type = type;
            this.element = element;
            this.get = get;
            this.set = set;
        }

        static <T> Row<T> of(String label, Class<T> type, Function<ExperimentPlan, T> get,
                BiConsumer<ExperimentPlan.Builder, T> set) {
            return new Row<>(label, type, null, get, set);
        }

        static <E> Row<List<E>> list(String label, Class<E> element, Function<ExperimentPlan, List<E>> get,
                BiConsumer<ExperimentPlan.Builder, List<E>> set) {
            return new Row<>(label, List.class, element, get, set);
        }

        /** The option; its run.json and settings key defaults to the option name without dashes. */
        Row<T> cli(String name, String description) {
            this.cliName = name;
            this.cliDescription = description;
            this.jsonKeys = List.of(name.substring(2));
            return this;
        }

        Row<T> label(String paramLabel) { this.cliLabel = paramLabel; return this; }
        Row<T> negatable() { this.negatable = true; return this; }
        Row<T> keys(String... keys) { this.jsonKeys = List.of(keys); return this; }
        Row<T> settings(String... keys) { this.settingsKeys = List.of(keys); return this; }
        Row<T> min(double v) { this.min = v; return this; }
        Row<T> max(double v) { this.max = v; return this; }

        @SuppressWarnings("unchecked")
        void apply(ExperimentPlan.Builder builder, Object value) {
            set.accept(builder, (T) value);
        }
    }
}
