package dev.lorabench.app.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.plan.LoraMethod;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Picking methods and ranks into the Variants field; no toolkit. */
class VariantPickerTest {

    @Test
    void theFirstAddStartsFromTheRankChoicesAndEachAddAppendsOnce() {
        ExperimentForm form = new ExperimentForm();
        VariantPicker picker = form.variantPicker();
        // The default choices: ranks 1–4 and the full fine-tune.
        picker.methodProperty().set(LoraMethod.DORA);
        picker.rankProperty().set(16);
        picker.add();
        assertEquals("lora:1,lora:2,lora:3,lora:4,dora:16,full", form.variantsProperty().get());
        picker.add();
        assertEquals("lora:1,lora:2,lora:3,lora:4,dora:16,full", form.variantsProperty().get(), "listed once");
        picker.methodProperty().set(LoraMethod.LORAPLUS);
        picker.rankProperty().set(64);
        picker.ratioProperty().set("8");
        picker.add();
        // In run order: by group, then rank (Variant.ORDER).
        assertEquals(List.of("lora-r1", "lora-r2", "lora-r3", "lora-r4", "dora-r16", "loraplus-r64-l8", "full"),
                form.plan().variants().stream().map(Variant::name).toList());
        LoraVariant plus = (LoraVariant) form.plan().variants().get(5);
        assertEquals(8f, plus.bRate(), "B's learning rate over A's");
        assertEquals(64, plus.rank());
        assertTrue(form.validProperty().get(), form.problemProperty().get());
    }

    @Test
    void clearGivesTheRankChoicesBackAndABadRatioSaysWhy() {
        ExperimentForm form = new ExperimentForm();
        VariantPicker picker = form.variantPicker();
        form.variantsProperty().set("pissa:8");
        picker.methodProperty().set(LoraMethod.LORAPLUS);
        picker.ratioProperty().set("fast");
        picker.add();
        assertEquals("λ must be a number but was 'fast'", picker.errorProperty().get());
        assertEquals("pissa:8", form.variantsProperty().get(), "unchanged");
        picker.addFull();
        assertEquals("pissa:8,full", form.variantsProperty().get());
        assertEquals("", picker.errorProperty().get());
        picker.clear();
        assertEquals("", form.variantsProperty().get());
        assertEquals(List.of("lora-r1", "lora-r2", "lora-r3", "lora-r4", "full"),
                form.plan().variants().stream().map(Variant::name).toList());
    }
}
