package dev.lorabench.app.form;

import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraMethod;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.Variant;
import dev.lorabench.plan.VariantList;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The point-and-click way to the Variants field: a method, a rank (and LoRA+'s λ) and an Add
 * command that appends that variant to the form's list, as {@code --variants} spells it. The first
 * Add starts from what the rank and full fine-tune choices already make, so picking "dora, 4" next
 * to ranks 1–4 and the full fine-tune compares all six.
 */
public final class VariantPicker {

    /** The ranks offered in the picker: 1 and the powers of two up to 64. */
    public static final List<Integer> QUICK_RANKS = List.of(1, 2, 4, 8, 16, 32, 64);

    private final ExperimentForm form;
    private final ObjectProperty<LoraMethod> method = new SimpleObjectProperty<>(LoraMethod.LORA);
    private final ObjectProperty<Integer> rank = new SimpleObjectProperty<>(4);
    private final StringProperty ratio = new SimpleStringProperty(String.valueOf((int) LoraVariant.DEFAULT_LORA_PLUS_RATIO));
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public VariantPicker(ExperimentForm form) {
        this.form = form;
    }

    public ObjectProperty<LoraMethod> methodProperty() { return method; }
    public ObjectProperty<Integer> rankProperty() { return rank; }
    /** LoRA+'s λ (B's learning rate over A's), used when the method is LoRA+. */
    public StringProperty ratioProperty() { return ratio; }
    /** Why the last Add did nothing, empty when it worked. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    /** Appends the picked LoRA-family variant to the Variants list. */
    public void add() {
        try {
            float alpha = alpha();
            LoraVariant v = method.get() == LoraMethod.LORAPLUS
                    ? LoraVariant.loraPlus(rank.get(), alpha, Float.parseFloat(ratio.get().trim()))
                    : new LoraVariant(method.get(), rank.get(), alpha);
            append(v);
        } catch (NumberFormatException e) {
            error.set("λ must be a number but was '" + ratio.get() + "'");
        } catch (PlanException e) {
            error.set(e.getMessage());
        }
    }

    /** Appends the full fine-tune to the Variants list. */
    public void addFull() {
        try {
            append(Variant.full());
        } catch (PlanException e) {
            error.set(e.getMessage());
        }
    }

    /** Empties the Variants list: the rank and full fine-tune choices apply again. */
    public void clear() {
        form.variantsProperty().set("");
        error.set("");
    }

    private void append(Variant v) {
        String text = form.variantsProperty().get();
        List<Variant> list = new ArrayList<>(text == null || text.isBlank() ? chosenByRanks() : VariantList.parse(text, alpha()));
        if (list.stream().noneMatch(x -> x.name().equals(v.name()))) {
            list.add(v);
        }
        list.sort(Variant.ORDER);
        form.variantsProperty().set(VariantList.format(list));
        error.set("");
    }

    /** The variants the rank check boxes and the full fine-tune choice make now (none if the form is invalid). */
    private List<Variant> chosenByRanks() {
        ExperimentPlan plan = form.plan();
        return plan == null ? List.of() : plan.variants();
    }

    /** The plan's α (the list's text does not carry it; 1 while the form is invalid). */
    private float alpha() {
        ExperimentPlan plan = form.plan();
        return plan == null ? 1f : plan.adapters().alpha();
    }
}
