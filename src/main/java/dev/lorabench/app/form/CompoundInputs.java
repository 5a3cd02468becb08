package dev.lorabench.app.form;

import dev.lorabench.plan.ClassSelection;
import dev.lorabench.plan.DatasetRef;
import dev.lorabench.plan.FolderOptions;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.PlanField;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.IntConsumer;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;

/**
 * The {@link FieldInput}s made of several controls: the dataset (choice and folder), the base
 * file (switch and path), the fine-tune classes (worst class or check boxes), the ranks (check
 * boxes) and the split (two shares). Each keeps its companion value (a folder, a path, the picked
 * classes) while it does not count, so switching back restores it.
 */
final class CompoundInputs {

    private CompoundInputs() {}

    /** The dataset choice and the folder of the folder choices. */
    static FieldInput dataset(ObjectProperty<DatasetChoice> choice, StringProperty folder) {
        return new FieldInput() {
            @Override public List<Observable> observables() { return List.of(choice, folder); }
            @Override public Object value() {
                DatasetChoice c = choice.get();
                if (c == DatasetChoice.IDX_FOLDER && folder.get().isBlank()) {
                    throw new PlanException(PlanField.DATASET, "dataset: choose a folder with the four IDX files");
                }
                if (c == DatasetChoice.IMAGE_FOLDER && folder.get().isBlank()) {
                    throw new PlanException(PlanField.DATASET,
                            "dataset: choose a folder with one sub-folder of images per class");
                }
                return c.datasetId(folder.get());
            }
            @Override public void show(Object value) {
                DatasetRef ref = DatasetRef.parse((String) value, FolderOptions.defaults());
                choice.set(DatasetChoice.of(ref));
                String dir = DatasetChoice.folderOf(ref);
                if (dir != null) {
                    folder.set(dir);
                }
            }
            @Override public void save(Properties props, String prefix, List<String> keys) {
                props.setProperty(prefix + keys.get(0), choice.get().name());
                props.setProperty(prefix + keys.get(1), folder.get());
            }
            @Override public void load(Properties props, String prefix, List<String> keys) {
                FieldInputs.ifSaved(props, prefix + keys.get(0), c -> choice.set(DatasetChoice.valueOf(c)));
                FieldInputs.ifSaved(props, prefix + keys.get(1), folder::set);
            }
        };
    }

    /** "Load a base" and its file; the value is the file, or null when the base is trained here. */
    static FieldInput baseFile(BooleanProperty load, StringProperty file) {
        return new FieldInput() {
            @Override public List<Observable> observables() { return List.of(load, file); }
            @Override public Object value() {
                if (!load.get()) {
                    return null;
                }
                if (file.get() == null || file.get().isBlank()) {
                    throw new PlanException(PlanField.BASE_FILE,
                            "base file: choose a saved base.params or a PyTorch .safetensors file");
                }
                return Path.of(file.get().trim());
            }
            @Override public void show(Object value) {
                load.set(value != null);
                if (value != null) {
                    file.set(value.toString());
                }
            }
            @Override public void save(Properties props, String prefix, List<String> keys) {
                props.setProperty(prefix + keys.get(0), file.get());
                props.setProperty(prefix + keys.get(1), String.valueOf(load.get()));
            }
            @Override public void load(Properties props, String prefix, List<String> keys) {
                FieldInputs.ifSaved(props, prefix + keys.get(0), file::set);
                FieldInputs.ifSaved(props, prefix + keys.get(1), l -> load.set(Boolean.parseBoolean(l)));
            }
        };
    }

    /** "Worst class" or the checked classes, as {@link ClassSelection}'s text. */
    static FieldInput classes(BooleanProperty worst, List<BooleanProperty> checks) {
        return new FieldInput() {
            @Override public List<Observable> observables() { return all(worst, checks); }
            @Override public Object value() {
                if (worst.get()) {
                    return ClassSelection.worstClass().toString();
                }
                List<Integer> chosen = checked(checks, 0);
                if (chosen.isEmpty()) {
                    throw new PlanException(PlanField.CLASSES, "fine-tune classes: pick at least one class or 'worst class'");
                }
                return ClassSelection.of(chosen).toString();
            }
            @Override public void show(Object value) {
                ClassSelection s = ClassSelection.parse((String) value);
                worst.set(s.worst());
                for (int c = 0; c < checks.size(); c++) {
                    checks.get(c).set(s.classes().contains(c));
                }
            }
            @Override public void save(Properties props, String prefix, List<String> keys) {
                props.setProperty(prefix + keys.get(0), join(checked(checks, 0)));
                props.setProperty(prefix + keys.get(1), String.valueOf(worst.get()));
            }
            @Override public void load(Properties props, String prefix, List<String> keys) {
                split(props.getProperty(prefix + keys.get(0)), checks, 0);
                FieldInputs.ifSaved(props, prefix + keys.get(1), w -> worst.set(Boolean.parseBoolean(w)));
            }
        };
    }

    /** One check box per rank r = 1, 2, …; {@code grow} makes the boxes up to a rank exist. */
    static FieldInput ranks(List<BooleanProperty> checks, IntConsumer grow) {
        return new FieldInput() {
            // The form observes each box as it makes it.
            @Override public List<Observable> observables() { return List.of(); }
            @Override public Object value() { return checked(checks, 1); }
            @Override public void show(Object value) {
                List<?> ranks = (List<?>) value;
                ranks.forEach(r -> grow.accept((Integer) r));
                for (int i = 0; i < checks.size(); i++) {
                    checks.get(i).set(ranks.contains(i + 1));
                }
            }
            @Override public void save(Properties props, String prefix, List<String> keys) {
                props.setProperty(prefix + keys.get(0), join(checked(checks, 1)));
            }
            @Override public void load(Properties props, String prefix, List<String> keys) {
                String text = props.getProperty(prefix + keys.get(0));
                if (text != null) {
                    for (String part : text.split(",")) {
                        try {
                            grow.accept(Integer.parseInt(part.trim()));
                        } catch (NumberFormatException e) {
                            // skipped by split below too
                        }
                    }
                }
                split(text, checks, 1);
            }
        };
    }

    /** Two share fields, train and validation. */
    static FieldInput split(StringProperty train, StringProperty validation) {
        return new FieldInput() {
            @Override public List<Observable> observables() { return List.of(train, validation); }
            @Override public Object value() {
                return List.of(PlanField.SPLIT.parseOne(train.get()), PlanField.SPLIT.parseOne(validation.get()));
            }
            @Override public void show(Object value) {
                List<?> shares = (List<?>) value;
                train.set(PlanField.SPLIT.format(List.of(shares.get(0))));
                validation.set(PlanField.SPLIT.format(List.of(shares.get(1))));
            }
            @Override public void save(Properties props, String prefix, List<String> keys) {
                props.setProperty(prefix + keys.get(0), train.get());
                props.setProperty(prefix + keys.get(1), validation.get());
            }
            @Override public void load(Properties props, String prefix, List<String> keys) {
                FieldInputs.ifSaved(props, prefix + keys.get(0), train::set);
                FieldInputs.ifSaved(props, prefix + keys.get(1), validation::set);
            }
        };
    }

    private static List<Observable> all(BooleanProperty first, List<BooleanProperty> rest) {
        List<Observable> out = new ArrayList<>(List.of(first));
        out.addAll(rest);
        return out;
    }

    private static List<Integer> checked(List<BooleanProperty> flags, int first) {
        List<Integer> on = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i).get()) {
                on.add(i + first);
            }
        }
        return on;
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
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
}
