package dev.lorabench.app.form;

import dev.lorabench.model.Architecture;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.PlanField;
import dev.lorabench.plan.Schedule;
import dev.lorabench.plan.Targets;
import dev.lorabench.train.LayerRanks;
import dev.lorabench.train.RankBounds;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiFunction;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The values of the Model, Dataset and Ranks panels as editable properties, and the plan they
 * make. One {@link FieldInput} per {@link PlanField} (declared in the constructor) is observed,
 * filled, saved, loaded and validated by iterating the plan table; every change rebuilds the plan
 * with {@link ExperimentPlan.Builder#build()}, and a {@link PlanException} marks the field it
 * names. No toolkit needed.
 */
public final class ExperimentForm {

    public static final int CLASS_COUNT = 10;
    public static final List<String> TARGET_OPTIONS =
            java.util.Arrays.stream(Targets.values()).map(Targets::id).toList();
    /** Fields a preset does not change: how much data to use is the user's, not the recipe's. */
    private static final Set<PlanField> KEPT_ON_FILL = EnumSet.of(PlanField.TRAIN_LIMIT, PlanField.TEST_LIMIT);

    private final StringProperty preset = new SimpleStringProperty("custom");
    private final ObjectProperty<Architecture> architecture = new SimpleObjectProperty<>(Architecture.MLP);
    private final BooleanProperty loadBase = new SimpleBooleanProperty(false);
    private final StringProperty baseFile = new SimpleStringProperty("");
    private final StringProperty baseEpochs = new SimpleStringProperty("1");
    private final StringProperty baseDataset = new SimpleStringProperty("");
    private final BooleanProperty newHead = new SimpleBooleanProperty(false);
    private final StringProperty batchSize = new SimpleStringProperty("10");
    private final StringProperty lr = new SimpleStringProperty("0.001");
    private final ObjectProperty<DatasetChoice> dataset = new SimpleObjectProperty<>(DatasetChoice.MNIST);
    private final StringProperty idxFolder = new SimpleStringProperty("");
    private final BooleanProperty worstClass = new SimpleBooleanProperty(true);
    private final List<BooleanProperty> classes = new ArrayList<>();
    private final StringProperty companionClasses = new SimpleStringProperty("");
    private final StringProperty replay = new SimpleStringProperty("0");
    private final StringProperty trainLimit = new SimpleStringProperty("0");
    private final StringProperty testLimit = new SimpleStringProperty("0");
    private final List<BooleanProperty> ranks = new ArrayList<>();
    private final BooleanProperty full = new SimpleBooleanProperty(true);
    private final StringProperty variants = new SimpleStringProperty("");
    private final StringProperty rankPattern = new SimpleStringProperty("");
    private final StringProperty alphaPattern = new SimpleStringProperty("");
    private final StringProperty alpha = new SimpleStringProperty("1");
    private final BooleanProperty rsLora = new SimpleBooleanProperty(false);
    private final ObjectProperty<String> targets = new SimpleObjectProperty<>("all");
    private final StringProperty finetuneEpochs = new SimpleStringProperty("1");
    private final StringProperty finetuneSteps = new SimpleStringProperty("0");
    private final StringProperty seed = new SimpleStringProperty("42");
    private final StringProperty seeds = new SimpleStringProperty("1");
    private final ObjectProperty<Schedule> schedule = new SimpleObjectProperty<>(Schedule.LOCKSTEP);
    private final StringProperty trainFraction = new SimpleStringProperty("0.7");
    private final StringProperty validationFraction = new SimpleStringProperty("0.15");
    private final StringProperty imageSize = new SimpleStringProperty("28");
    private final BooleanProperty rgb = new SimpleBooleanProperty(false);
    private final StringProperty earlyStopping = new SimpleStringProperty("0");
    private final BooleanProperty section7 = new SimpleBooleanProperty(false);

    private final Map<PlanField, FieldInput> inputs = new EnumMap<>(PlanField.class);
    private final ReadOnlyObjectWrapper<ExperimentPlan> plan = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper newHeadAvailable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper baseEpochsApply = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyIntegerWrapper maxRank = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper rankCount = new ReadOnlyIntegerWrapper();
    private final Map<PlanField, ReadOnlyStringWrapper> errors = new EnumMap<>(PlanField.class);
    private final BiFunction<Architecture, Targets, Map<String, Long>> rankBound;
    private final VariantPicker variantPicker = new VariantPicker(this);
    private boolean filling;

    /** A form whose rank choices are bounded by the workbench's models ({@link LayerRankBound}). */
    public ExperimentForm() {
        this(new LayerRankBound());
    }

    /**
     * A form whose rank choices and per-layer patterns are checked against {@code rankBound}: each
     * targeted layer of a model with the largest rank it holds, the bounds the run checks.
     */
    public ExperimentForm(BiFunction<Architecture, Targets, Map<String, Long>> rankBound) {
        this.rankBound = rankBound;
        filling = true; // no validation until every field is declared
        for (int c = 0; c < CLASS_COUNT; c++) {
            classes.add(new SimpleBooleanProperty(false));
        }
        for (PlanField f : PlanField.values()) {
            errors.put(f, new ReadOnlyStringWrapper(""));
        }
        inputs.put(PlanField.PRESET, FieldInputs.text(PlanField.PRESET, preset));
        inputs.put(PlanField.MODEL, FieldInputs.choice(architecture, Architecture::id, Architecture::byId));
        inputs.put(PlanField.DATASET, CompoundInputs.dataset(dataset, idxFolder));
        inputs.put(PlanField.BASE_DATASET, FieldInputs.text(PlanField.BASE_DATASET, baseDataset));
        inputs.put(PlanField.BASE_EPOCHS, FieldInputs.text(PlanField.BASE_EPOCHS, baseEpochs));
        inputs.put(PlanField.FINETUNE_EPOCHS, FieldInputs.text(PlanField.FINETUNE_EPOCHS, finetuneEpochs));
        inputs.put(PlanField.FINETUNE_STEPS, FieldInputs.text(PlanField.FINETUNE_STEPS, finetuneSteps));
        inputs.put(PlanField.BATCH_SIZE, FieldInputs.text(PlanField.BATCH_SIZE, batchSize));
        inputs.put(PlanField.LR, FieldInputs.text(PlanField.LR, lr));
        inputs.put(PlanField.SEED, FieldInputs.text(PlanField.SEED, seed));
        inputs.put(PlanField.SEEDS, FieldInputs.text(PlanField.SEEDS, seeds));
        inputs.put(PlanField.CLASSES, CompoundInputs.classes(worstClass, classes));
        inputs.put(PlanField.COMPANION_CLASSES, FieldInputs.text(PlanField.COMPANION_CLASSES, companionClasses));
        inputs.put(PlanField.REPLAY, FieldInputs.text(PlanField.REPLAY, replay));
        inputs.put(PlanField.RANKS, CompoundInputs.ranks(ranks, this::growRanks));
        inputs.put(PlanField.ALPHA, FieldInputs.text(PlanField.ALPHA, alpha));
        inputs.put(PlanField.RS_LORA, FieldInputs.flag(rsLora));
        inputs.put(PlanField.FULL, FieldInputs.flag(full));
        inputs.put(PlanField.VARIANTS, FieldInputs.text(PlanField.VARIANTS, variants));
        inputs.put(PlanField.RANK_PATTERN, FieldInputs.text(PlanField.RANK_PATTERN, rankPattern));
        inputs.put(PlanField.ALPHA_PATTERN, FieldInputs.text(PlanField.ALPHA_PATTERN, alphaPattern));
        inputs.put(PlanField.TARGETS, FieldInputs.choice(targets, t -> t, t -> Targets.byId(t).id()));
        inputs.put(PlanField.TRAIN_LIMIT, FieldInputs.text(PlanField.TRAIN_LIMIT, trainLimit));
        inputs.put(PlanField.TEST_LIMIT, FieldInputs.text(PlanField.TEST_LIMIT, testLimit));
        inputs.put(PlanField.BASE_FILE, CompoundInputs.baseFile(loadBase, baseFile));
        inputs.put(PlanField.SPLIT, CompoundInputs.split(trainFraction, validationFraction));
        inputs.put(PlanField.IMAGE_SIZE, FieldInputs.text(PlanField.IMAGE_SIZE, imageSize));
        inputs.put(PlanField.RGB, FieldInputs.flag(rgb));
        inputs.put(PlanField.EARLY_STOPPING, FieldInputs.text(PlanField.EARLY_STOPPING, earlyStopping));
        inputs.put(PlanField.NEW_HEAD, FieldInputs.flag(newHead));
        inputs.put(PlanField.SCHEDULE, FieldInputs.choice(schedule, Schedule::id, Schedule::byId));
        inputs.put(PlanField.SECTION7, FieldInputs.flag(section7));
        growRanks(4);
        ranks.forEach(r -> r.set(true)); // the default sweep: ranks 1-4
        inputs.values().forEach(in -> in.observables().forEach(o -> o.addListener(x -> validate())));
        // The linear regressor only trains on the synthetic set and the classifiers never do.
        architecture.addListener((obs, was, now) -> {
            if (now == Architecture.LINEAR) {
                dataset.set(DatasetChoice.SYNTHETIC);
                targets.set("linear");
            } else if (dataset.get() == DatasetChoice.SYNTHETIC) {
                dataset.set(DatasetChoice.MNIST);
            }
        });
        dataset.addListener((obs, was, now) -> {
            if (now == DatasetChoice.SYNTHETIC) {
                architecture.set(Architecture.LINEAR);
            } else if (architecture.get() == Architecture.LINEAR) {
                architecture.set(Architecture.MLP);
            }
        });
        filling = false;
        validate();
    }

    // ---- editable properties ----

    public StringProperty presetProperty() { return preset; }
    public ObjectProperty<Architecture> architectureProperty() { return architecture; }
    public BooleanProperty loadBaseProperty() { return loadBase; }
    public StringProperty baseFileProperty() { return baseFile; }
    public StringProperty baseEpochsProperty() { return baseEpochs; }
    /** The base's own dataset (blank: the fine-tune's), e.g. {@code mnist} before {@code fashion-mnist}. */
    public StringProperty baseDatasetProperty() { return baseDataset; }
    /**
     * With a loaded PyTorch state dict: replace its output layer by a fresh one (made for this
     * dataset's classes) and train it for the base epochs. Counts only while
     * {@link #newHeadAvailableProperty()} holds.
     */
    public BooleanProperty newHeadProperty() { return newHead; }
    public StringProperty batchSizeProperty() { return batchSize; }
    public StringProperty lrProperty() { return lr; }
    public ObjectProperty<DatasetChoice> datasetProperty() { return dataset; }
    public StringProperty idxFolderProperty() { return idxFolder; }
    public BooleanProperty worstClassProperty() { return worstClass; }
    /** Whether class {@code c} (0–9) is a fine-tune target. */
    public BooleanProperty classProperty(int c) { return classes.get(c); }
    /** A companion task's classes, e.g. {@code 1,7} (blank: none; ADR 0029). */
    public StringProperty companionClassesProperty() { return companionClasses; }
    public StringProperty replayProperty() { return replay; }
    public StringProperty trainLimitProperty() { return trainLimit; }
    public StringProperty testLimitProperty() { return testLimit; }
    /** Whether LoRA rank {@code r} (1, 2, …) is fine-tuned. */
    public BooleanProperty rankProperty(int r) {
        growRanks(r);
        return ranks.get(r - 1);
    }
    public BooleanProperty fullProperty() { return full; }
    /** Variants listed one by one ({@code lora:4,dora:4,loraplus:4:16,full}); blank: the ranks above. */
    public StringProperty variantsProperty() { return variants; }
    public StringProperty rankPatternProperty() { return rankPattern; }
    public StringProperty alphaPatternProperty() { return alphaPattern; }
    public StringProperty alphaProperty() { return alpha; }
    public BooleanProperty rsLoraProperty() { return rsLora; }
    /** Whether the run also analyses the LoRA paper's §7 and intruder dimensions. */
    public BooleanProperty section7Property() { return section7; }
    public ObjectProperty<String> targetsProperty() { return targets; }
    public StringProperty finetuneEpochsProperty() { return finetuneEpochs; }
    public StringProperty finetuneStepsProperty() { return finetuneSteps; }
    public StringProperty seedProperty() { return seed; }
    /** How many seeds each variant is fine-tuned with (the seed, seed + 1, …). */
    public StringProperty seedsProperty() { return seeds; }
    public ObjectProperty<Schedule> scheduleProperty() { return schedule; }
    /** Image folders: share of each class for training (0–1). */
    public StringProperty trainFractionProperty() { return trainFraction; }
    /** Image folders: share of each class for validation (0–1); the test set gets the rest. */
    public StringProperty validationFractionProperty() { return validationFraction; }
    public StringProperty imageSizeProperty() { return imageSize; }
    public BooleanProperty rgbProperty() { return rgb; }
    /** Epochs without a better validation loss before a fine-tune stops (0: never). */
    public StringProperty earlyStoppingProperty() { return earlyStopping; }

    // ---- validation output ----

    /** The plan the fields make, or null while one of them is bad. */
    public ReadOnlyObjectProperty<ExperimentPlan> planProperty() { return plan.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty validProperty() { return valid.getReadOnlyProperty(); }
    /** The first problem, one line ("" when the plan builds). */
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    /** The problem with one field ("" when it is fine). */
    public ReadOnlyStringProperty errorProperty(PlanField field) { return errors.get(field).getReadOnlyProperty(); }
    /** Whether a new output layer can be asked for: a base is loaded from a {@code .safetensors} file. */
    public ReadOnlyBooleanProperty newHeadAvailableProperty() { return newHeadAvailable.getReadOnlyProperty(); }
    /** Whether the base epochs are used: the base is trained now, or a loaded base gets a new output layer. */
    public ReadOnlyBooleanProperty baseEpochsApplyProperty() { return baseEpochsApply.getReadOnlyProperty(); }
    /** The largest rank a variant may ask for in the chosen model (the run's own bound), at most 64. */
    public ReadOnlyIntegerProperty maxRankProperty() { return maxRank.getReadOnlyProperty(); }
    /** How many rank check boxes exist: at least {@link #maxRankProperty()}, more when a larger rank is set. */
    public ReadOnlyIntegerProperty rankCountProperty() { return rankCount.getReadOnlyProperty(); }

    public ExperimentPlan plan() {
        return plan.get();
    }

    /** The method/rank picker that adds to the Variants field. */
    public VariantPicker variantPicker() {
        return variantPicker;
    }

    // ---- commands ----

    /** Fills every field from a plan (e.g. a preset); train and test limits are left as they are. */
    public void fill(ExperimentPlan p) {
        filling = true;
        try {
            for (PlanField f : PlanField.values()) {
                if (!KEPT_ON_FILL.contains(f)) {
                    inputs.get(f).show(f.value(p));
                }
            }
        } finally {
            filling = false;
        }
        validate();
    }

    /** Writes the fields into {@code props} under {@code prefix} (keys: {@link PlanField#settingsKeys()}). */
    public void save(Properties props, String prefix) {
        inputs.forEach((f, in) -> in.save(props, prefix, f.settingsKeys()));
    }

    /** Restores fields written by {@link #save}; missing or unknown values keep their defaults. */
    public void load(Properties props, String prefix) {
        filling = true;
        try {
            inputs.forEach((f, in) -> in.load(props, prefix, f.settingsKeys()));
        } finally {
            filling = false;
        }
        validate();
    }

    // ---- validation ----

    private void validate() {
        if (filling) {
            return;
        }
        refreshMaxRank();
        // A new output layer only for a PyTorch state dict: it may come from any tool, made for another
        // number of classes. A base.params file is lorabench's own, saved for the very model spec it
        // is loaded into (BaseParameters refuses one for another class count), so its head always fits.
        boolean headAvailable = loadBase.get() && isStateDict(baseFile.get());
        boolean freshHead = headAvailable && newHead.get();
        boolean trainsBase = !loadBase.get() || freshHead; // otherwise a loaded base is used as it is
        newHeadAvailable.set(headAvailable);
        baseEpochsApply.set(trainsBase);
        Map<PlanField, String> found = new EnumMap<>(PlanField.class);
        ExperimentPlan.Builder b = ExperimentPlan.builder();
        for (PlanField f : PlanField.values()) {
            try {
                Object value = value(f, trainsBase, freshHead);
                if (value != SKIP) {
                    f.apply(b, value);
                }
            } catch (PlanException e) {
                found.putIfAbsent(e.field(), e.getMessage());
            }
        }
        ExperimentPlan built = null;
        String first = "";
        if (found.isEmpty()) {
            try {
                built = b.build();
                // The run's own check of ranks and layer patterns, against the cached bounds.
                RankBounds.check(built.adapters(), built.model(), rankBound.apply(built.model(), built.adapters().targets()));
            } catch (PlanException e) {
                built = null;
                found.put(e.field(), e.getMessage());
                first = e.getMessage();
            } catch (IllegalArgumentException | NullPointerException e) {
                found.put(PlanField.DATASET, String.valueOf(e.getMessage()));
                first = String.valueOf(e.getMessage());
            }
        } else {
            first = found.values().iterator().next();
        }
        for (PlanField f : PlanField.values()) {
            errors.get(f).set(found.getOrDefault(f, ""));
        }
        plan.set(built);
        problem.set(first);
        valid.set(built != null);
    }

    private static final Object SKIP = new Object();

    /** The entry of one field as the builder takes it, with the rules that tie fields together. */
    private Object value(PlanField f, boolean trainsBase, boolean freshHead) {
        switch (f) {
            case PRESET:
                return preset.get() == null || preset.get().isBlank() ? "custom" : preset.get();
            case BASE_EPOCHS:
                if (!trainsBase) {
                    return 0;
                }
                int epochs = (Integer) inputs.get(f).value();
                if (freshHead && epochs < 1) {
                    throw new PlanException(f, "base epochs must be at least 1 to train the new output layer but was " + epochs);
                }
                return epochs;
            case NEW_HEAD:
                return freshHead;
            case CLASSES:
                try {
                    return inputs.get(f).value();
                } catch (PlanException e) {
                    // The regressor has no classes to pick: none picked is fine.
                    if (architecture.get().isClassifier()) {
                        throw e;
                    }
                    return SKIP;
                }
            default:
                return inputs.get(f).value();
        }
    }

    private void refreshMaxRank() {
        Targets t = TARGET_OPTIONS.contains(targets.get()) ? Targets.byId(targets.get()) : Targets.ALL;
        maxRank.set((int) Math.min(LayerRankBound.CEILING, LayerRanks.maxRank(rankBound.apply(architecture.get(), t))));
        growRanks(maxRank.get());
    }

    /** Makes the rank check boxes up to {@code rank} exist (unchecked), each observed. */
    private void growRanks(int rank) {
        while (ranks.size() < Math.min(rank, LayerRankBound.CEILING)) {
            BooleanProperty check = new SimpleBooleanProperty(false);
            check.addListener(x -> validate());
            ranks.add(check);
        }
        rankCount.set(ranks.size());
    }

    private static boolean isStateDict(String file) {
        return file != null && file.trim().toLowerCase(Locale.ROOT).endsWith(".safetensors");
    }
}
