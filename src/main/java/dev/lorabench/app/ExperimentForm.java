package dev.lorabench.app;

import dev.lorabench.model.Architecture;
import dev.lorabench.train.ClassSelection;
import dev.lorabench.train.ExperimentPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
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
 * make. Every change rebuilds the plan with {@link ExperimentPlan.Builder#build()}; a value that
 * does not parse or that the builder rejects is reported on its field. No toolkit needed.
 */
public final class ExperimentForm {

    public static final int CLASS_COUNT = 10;
    public static final int MAX_RANK = 4;
    public static final List<String> TARGET_OPTIONS = List.of("linear", "conv", "all");

    private final StringProperty preset = new SimpleStringProperty("custom");
    // Model
    private final ObjectProperty<Architecture> architecture = new SimpleObjectProperty<>(Architecture.MLP);
    private final BooleanProperty loadBase = new SimpleBooleanProperty(false);
    private final StringProperty baseFile = new SimpleStringProperty("");
    private final StringProperty baseEpochs = new SimpleStringProperty("1");
    private final BooleanProperty newHead = new SimpleBooleanProperty(false);
    private final StringProperty batchSize = new SimpleStringProperty("10");
    private final StringProperty lr = new SimpleStringProperty("0.001");
    // Dataset
    private final ObjectProperty<DatasetChoice> dataset = new SimpleObjectProperty<>(DatasetChoice.MNIST);
    private final StringProperty idxFolder = new SimpleStringProperty("");
    private final BooleanProperty worstClass = new SimpleBooleanProperty(true);
    private final List<BooleanProperty> classes = new ArrayList<>();
    private final StringProperty replay = new SimpleStringProperty("0");
    private final StringProperty trainLimit = new SimpleStringProperty("0");
    private final StringProperty testLimit = new SimpleStringProperty("0");
    // Ranks
    private final List<BooleanProperty> ranks = new ArrayList<>();
    private final BooleanProperty full = new SimpleBooleanProperty(true);
    private final StringProperty alpha = new SimpleStringProperty("1");
    private final BooleanProperty rsLora = new SimpleBooleanProperty(false);
    private final ObjectProperty<String> targets = new SimpleObjectProperty<>("all");
    private final StringProperty finetuneEpochs = new SimpleStringProperty("1");
    private final StringProperty finetuneSteps = new SimpleStringProperty("0");
    private final StringProperty seed = new SimpleStringProperty("42");
    // Image folders
    private final StringProperty trainFraction = new SimpleStringProperty("0.7");
    private final StringProperty validationFraction = new SimpleStringProperty("0.15");
    private final StringProperty imageSize = new SimpleStringProperty("28");
    private final BooleanProperty rgb = new SimpleBooleanProperty(false);
    private final StringProperty earlyStopping = new SimpleStringProperty("0");

    private final ReadOnlyObjectWrapper<ExperimentPlan> plan = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper newHeadAvailable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper baseEpochsApply = new ReadOnlyBooleanWrapper(true);
    private final Map<FormField, ReadOnlyStringWrapper> errors = new EnumMap<>(FormField.class);
    private boolean filling;

    public ExperimentForm() {
        for (int c = 0; c < CLASS_COUNT; c++) {
            classes.add(new SimpleBooleanProperty(false));
        }
        for (int r = 1; r <= MAX_RANK; r++) {
            ranks.add(new SimpleBooleanProperty(true));
        }
        for (FormField f : FormField.values()) {
            errors.put(f, new ReadOnlyStringWrapper(""));
        }
        List<Observable> inputs = new ArrayList<>(List.of(
                architecture, loadBase, baseFile, baseEpochs, batchSize, lr, dataset, idxFolder,
                worstClass, replay, trainLimit, testLimit, full, alpha, rsLora, targets,
                finetuneEpochs, finetuneSteps, seed, preset, trainFraction, validationFraction, imageSize, rgb,
                earlyStopping, newHead));
        inputs.addAll(classes);
        inputs.addAll(ranks);
        inputs.forEach(o -> o.addListener(x -> validate()));
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
        validate();
    }

    // ---- editable properties ----

    public StringProperty presetProperty() { return preset; }
    public ObjectProperty<Architecture> architectureProperty() { return architecture; }
    public BooleanProperty loadBaseProperty() { return loadBase; }
    public StringProperty baseFileProperty() { return baseFile; }
    public StringProperty baseEpochsProperty() { return baseEpochs; }
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
    public StringProperty replayProperty() { return replay; }
    public StringProperty trainLimitProperty() { return trainLimit; }
    public StringProperty testLimitProperty() { return testLimit; }
    /** Whether LoRA rank {@code r} (1–4) is fine-tuned. */
    public BooleanProperty rankProperty(int r) { return ranks.get(r - 1); }
    public BooleanProperty fullProperty() { return full; }
    public StringProperty alphaProperty() { return alpha; }
    public BooleanProperty rsLoraProperty() { return rsLora; }
    public ObjectProperty<String> targetsProperty() { return targets; }
    public StringProperty finetuneEpochsProperty() { return finetuneEpochs; }
    public StringProperty finetuneStepsProperty() { return finetuneSteps; }
    public StringProperty seedProperty() { return seed; }
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
    public ReadOnlyStringProperty errorProperty(FormField field) { return errors.get(field).getReadOnlyProperty(); }
    /** Whether a new output layer can be asked for: a base is loaded from a {@code .safetensors} file. */
    public ReadOnlyBooleanProperty newHeadAvailableProperty() { return newHeadAvailable.getReadOnlyProperty(); }
    /** Whether the base epochs are used: the base is trained now, or a loaded base gets a new output layer. */
    public ReadOnlyBooleanProperty baseEpochsApplyProperty() { return baseEpochsApply.getReadOnlyProperty(); }

    public ExperimentPlan plan() {
        return plan.get();
    }

    // ---- commands ----

    /** Fills every field from a plan (e.g. a preset); train and test limits are left as they are. */
    public void fill(ExperimentPlan p) {
        filling = true;
        try {
            preset.set(p.preset());
            architecture.set(p.model());
            dataset.set(DatasetChoice.of(p.dataset()));
            if (p.dataset().startsWith("idx:")) {
                idxFolder.set(p.dataset().substring(4));
            } else if (p.dataset().startsWith("folder:")) {
                idxFolder.set(p.dataset().substring(7));
            }
            trainFraction.set(number(p.trainFraction()));
            validationFraction.set(number(p.validationFraction()));
            imageSize.set(String.valueOf(p.imageSize()));
            rgb.set(p.rgb());
            earlyStopping.set(String.valueOf(p.earlyStopping()));
            loadBase.set(p.baseFile() != null);
            baseFile.set(p.baseFile() == null ? baseFile.get() : p.baseFile().toString());
            baseEpochs.set(String.valueOf(p.baseEpochs()));
            newHead.set(p.newHead());
            batchSize.set(String.valueOf(p.batchSize()));
            lr.set(number(p.lr()));
            worstClass.set(p.finetuneClasses().worst());
            for (int c = 0; c < CLASS_COUNT; c++) {
                classes.get(c).set(p.finetuneClasses().classes().contains(c));
            }
            replay.set(number(p.replay()));
            for (int r = 1; r <= MAX_RANK; r++) {
                ranks.get(r - 1).set(p.ranks().contains(r));
            }
            full.set(p.full());
            alpha.set(number(p.alpha()));
            rsLora.set(p.rsLora());
            targets.set(p.targets());
            finetuneEpochs.set(String.valueOf(p.finetuneEpochs()));
            finetuneSteps.set(String.valueOf(p.finetuneSteps()));
            seed.set(String.valueOf(p.seed()));
        } finally {
            filling = false;
        }
        validate();
    }

    /** Writes the fields into {@code props} under {@code prefix}. */
    public void save(Properties props, String prefix) {
        props.setProperty(prefix + "preset", preset.get());
        props.setProperty(prefix + "model", architecture.get().id());
        props.setProperty(prefix + "loadBase", String.valueOf(loadBase.get()));
        props.setProperty(prefix + "baseFile", baseFile.get());
        props.setProperty(prefix + "baseEpochs", baseEpochs.get());
        props.setProperty(prefix + "newHead", String.valueOf(newHead.get()));
        props.setProperty(prefix + "batchSize", batchSize.get());
        props.setProperty(prefix + "lr", lr.get());
        props.setProperty(prefix + "dataset", dataset.get().name());
        props.setProperty(prefix + "idxFolder", idxFolder.get());
        props.setProperty(prefix + "worstClass", String.valueOf(worstClass.get()));
        props.setProperty(prefix + "classes", join(classes, 0));
        props.setProperty(prefix + "replay", replay.get());
        props.setProperty(prefix + "trainLimit", trainLimit.get());
        props.setProperty(prefix + "testLimit", testLimit.get());
        props.setProperty(prefix + "ranks", join(ranks, 1));
        props.setProperty(prefix + "full", String.valueOf(full.get()));
        props.setProperty(prefix + "alpha", alpha.get());
        props.setProperty(prefix + "rsLora", String.valueOf(rsLora.get()));
        props.setProperty(prefix + "targets", targets.get());
        props.setProperty(prefix + "finetuneEpochs", finetuneEpochs.get());
        props.setProperty(prefix + "finetuneSteps", finetuneSteps.get());
        props.setProperty(prefix + "seed", seed.get());
        props.setProperty(prefix + "trainFraction", trainFraction.get());
        props.setProperty(prefix + "validationFraction", validationFraction.get());
        props.setProperty(prefix + "imageSize", imageSize.get());
        props.setProperty(prefix + "rgb", String.valueOf(rgb.get()));
        props.setProperty(prefix + "earlyStopping", earlyStopping.get());
    }

    /** Restores fields written by {@link #save}; missing or unknown values keep their defaults. */
    public void load(Properties props, String prefix) {
        filling = true;
        try {
            text(props, prefix + "preset", preset);
            String model = props.getProperty(prefix + "model");
            if (model != null) {
                try {
                    architecture.set(Architecture.byId(model));
                } catch (IllegalArgumentException e) {
                    // keep the default
                }
            }
            String ds = props.getProperty(prefix + "dataset");
            if (ds != null) {
                try {
                    dataset.set(DatasetChoice.valueOf(ds));
                } catch (IllegalArgumentException e) {
                    // keep the default
                }
            }
            flag(props, prefix + "loadBase", loadBase);
            text(props, prefix + "baseFile", baseFile);
            text(props, prefix + "baseEpochs", baseEpochs);
            flag(props, prefix + "newHead", newHead);
            text(props, prefix + "batchSize", batchSize);
            text(props, prefix + "lr", lr);
            text(props, prefix + "idxFolder", idxFolder);
            flag(props, prefix + "worstClass", worstClass);
            split(props.getProperty(prefix + "classes"), classes, 0);
            text(props, prefix + "replay", replay);
            text(props, prefix + "trainLimit", trainLimit);
            text(props, prefix + "testLimit", testLimit);
            split(props.getProperty(prefix + "ranks"), ranks, 1);
            flag(props, prefix + "full", full);
            text(props, prefix + "alpha", alpha);
            flag(props, prefix + "rsLora", rsLora);
            String t = props.getProperty(prefix + "targets");
            if (t != null && TARGET_OPTIONS.contains(t)) {
                targets.set(t);
            }
            text(props, prefix + "finetuneEpochs", finetuneEpochs);
            text(props, prefix + "finetuneSteps", finetuneSteps);
            text(props, prefix + "seed", seed);
            text(props, prefix + "trainFraction", trainFraction);
            text(props, prefix + "validationFraction", validationFraction);
            text(props, prefix + "imageSize", imageSize);
            flag(props, prefix + "rgb", rgb);
            text(props, prefix + "earlyStopping", earlyStopping);
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
        Map<FormField, String> found = new EnumMap<>(FormField.class);
        ExperimentPlan built = null;
        String first = "";
        ExperimentPlan.Builder b = ExperimentPlan.builder()
                .optPreset(preset.get() == null || preset.get().isBlank() ? "custom" : preset.get())
                .setModel(architecture.get())
                .setDataset(dataset.get().datasetId(idxFolder.get()))
                .setRsLora(rsLora.get())
                .setFull(full.get())
                .setTargets(targets.get());
        // A new output layer only for a PyTorch state dict: it may come from any tool, made for another
        // number of classes. A base.params file is lorabench's own, saved for the very model spec it
        // is loaded into (BaseParameters refuses one for another class count), so its head always fits.
        boolean headAvailable = loadBase.get() && isStateDict(baseFile.get());
        boolean freshHead = headAvailable && newHead.get();
        boolean trainsBase = !loadBase.get() || freshHead; // otherwise a loaded base is used as it is
        newHeadAvailable.set(headAvailable);
        baseEpochsApply.set(trainsBase);
        Integer v;
        if (!trainsBase) {
            b.setBaseEpochs(0);
        } else if ((v = integer(found, FormField.BASE_EPOCHS, baseEpochs)) != null) {
            if (freshHead && v < 1) {
                found.put(FormField.BASE_EPOCHS,
                        "base epochs must be at least 1 to train the new output layer but was " + v);
            }
            b.setBaseEpochs(v);
        }
        if ((v = integer(found, FormField.BATCH_SIZE, batchSize)) != null) b.setBatchSize(v);
        if ((v = integer(found, FormField.TRAIN_LIMIT, trainLimit)) != null) b.setTrainLimit(v);
        if ((v = integer(found, FormField.TEST_LIMIT, testLimit)) != null) b.setTestLimit(v);
        if ((v = integer(found, FormField.FINETUNE_EPOCHS, finetuneEpochs)) != null) b.setFinetuneEpochs(v);
        if ((v = integer(found, FormField.FINETUNE_STEPS, finetuneSteps)) != null) b.setFinetuneSteps(v);
        if ((v = integer(found, FormField.IMAGE_SIZE, imageSize)) != null) b.setImageSize(v);
        if ((v = integer(found, FormField.EARLY_STOPPING, earlyStopping)) != null) b.setEarlyStopping(v);
        b.setRgb(rgb.get());
        Double trainShare = decimal(found, FormField.SPLIT, trainFraction);
        Double validationShare = decimal(found, FormField.SPLIT, validationFraction);
        if (trainShare != null && validationShare != null) b.setSplit(trainShare, validationShare);
        Double d;
        if ((d = decimal(found, FormField.LR, lr)) != null) b.setLr(d.floatValue());
        if ((d = decimal(found, FormField.ALPHA, alpha)) != null) b.setAlpha(d.floatValue());
        if ((d = decimal(found, FormField.REPLAY, replay)) != null) b.setReplay(d);
        try {
            b.setSeed(Long.parseLong(seed.get().trim()));
        } catch (NumberFormatException e) {
            found.put(FormField.SEED, "seed must be a whole number but was '" + seed.get() + "'");
        }
        List<Integer> rankList = new ArrayList<>();
        for (int r = 1; r <= MAX_RANK; r++) {
            if (ranks.get(r - 1).get()) {
                rankList.add(r);
            }
        }
        b.setRanks(rankList);
        if (loadBase.get()) {
            if (baseFile.get() == null || baseFile.get().isBlank()) {
                found.put(FormField.BASE_FILE, "base file: choose a saved base.params or a PyTorch .safetensors file");
            } else {
                b.optBaseFile(Path.of(baseFile.get().trim())).setNewHead(freshHead);
            }
        }
        if (dataset.get() == DatasetChoice.IDX_FOLDER && idxFolder.get().isBlank()) {
            found.put(FormField.DATASET, "dataset: choose a folder with the four IDX files");
        }
        if (dataset.get() == DatasetChoice.IMAGE_FOLDER && idxFolder.get().isBlank()) {
            found.put(FormField.DATASET, "dataset: choose a folder with one sub-folder of images per class");
        }
        if (worstClass.get()) {
            b.setFinetuneClasses(ClassSelection.worstClass());
        } else {
            List<Integer> chosen = new ArrayList<>();
            for (int c = 0; c < CLASS_COUNT; c++) {
                if (classes.get(c).get()) {
                    chosen.add(c);
                }
            }
            if (chosen.isEmpty() && architecture.get().isClassifier()) {
                found.put(FormField.CLASSES, "fine-tune classes: pick at least one class or 'worst class'");
            } else if (!chosen.isEmpty()) {
                b.setFinetuneClasses(ClassSelection.of(chosen));
            }
        }
        if (found.isEmpty()) {
            try {
                built = b.build();
            } catch (IllegalArgumentException | NullPointerException e) {
                String message = String.valueOf(e.getMessage());
                FormField field = FormField.about(message);
                found.put(field == null ? FormField.DATASET : field, message);
                first = message;
            }
        } else {
            first = found.values().iterator().next();
        }
        for (FormField f : FormField.values()) {
            errors.get(f).set(found.getOrDefault(f, ""));
        }
        plan.set(built);
        problem.set(first);
        valid.set(built != null);
    }

    private static boolean isStateDict(String file) {
        return file != null && file.trim().toLowerCase(Locale.ROOT).endsWith(".safetensors");
    }

    private static Integer integer(Map<FormField, String> found, FormField field, StringProperty p) {
        try {
            return Integer.parseInt(p.get().trim());
        } catch (NumberFormatException e) {
            found.put(field, field.label() + " must be a whole number but was '" + p.get() + "'");
            return null;
        }
    }

    private static Double decimal(Map<FormField, String> found, FormField field, StringProperty p) {
        try {
            return Double.parseDouble(p.get().trim());
        } catch (NumberFormatException e) {
            found.put(field, field.label() + " must be a number but was '" + p.get() + "'");
            return null;
        }
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        return s.contains("e") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String join(List<BooleanProperty> flags, int first) {
        List<String> on = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i).get()) {
                on.add(String.valueOf(i + first));
            }
        }
        return String.join(",", on);
    }

    private static void split(String text, List<BooleanProperty> flags, int first) {
        if (text == null) {
            return;
        }
        flags.forEach(f -> f.set(false));
        for (String part : text.split(",")) {
            try {
                int i = Integer.parseInt(part.trim()) - first;
                if (i >= 0 && i < flags.size()) {
                    flags.get(i).set(true);
                }
            } catch (NumberFormatException e) {
                // skip
            }
        }
    }

    private static void text(Properties props, String key, StringProperty target) {
        String v = props.getProperty(key);
        if (v != null) {
            target.set(v);
        }
    }

    private static void flag(Properties props, String key, BooleanProperty target) {
        String v = props.getProperty(key);
        if (v != null) {
            target.set(Boolean.parseBoolean(v));
        }
    }
}
