package dev.lorabench.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Variants are types: their names, order and run.json fields come from the type, not from text. */
class VariantTest {

    @Test
    void namesAreDerivedFromTheType() {
        assertEquals("lora-r2", new LoraVariant(LoraMethod.LORA, 2, 1f).name());
        assertEquals("lora-r2", Variant.lora(2).name(), "plain LoRA keeps today's name");
        // Step 3: methods sit side by side, so each has its own name (method and rank are run.json fields).
        assertEquals("rslora-r2", new LoraVariant(LoraMethod.RSLORA, 2, 8f).name());
        assertEquals("full", Variant.full().name());
        assertEquals(List.of("lora", "lora", "full"), List.of(Variant.lora(1).kind(),
                new LoraVariant(LoraMethod.RSLORA, 3, 1f).kind(), Variant.full().kind()));
        assertEquals(List.of("lora", "rslora", "full"), List.of(Variant.lora(1).methodId(),
                new LoraVariant(LoraMethod.RSLORA, 3, 1f).methodId(), Variant.full().methodId()));
    }

    @Test
    void loraSortsByRankThenMethodAndTheFullFineTuneComesLast() {
        Variant r10 = Variant.lora(10);
        Variant r2 = Variant.lora(2);
        Variant rs2 = new LoraVariant(LoraMethod.RSLORA, 2, 1f);
        Variant full = Variant.full();
        List<Variant> list = new ArrayList<>(List.of(full, r10, rs2, r2));
        list.sort(Variant.ORDER);
        // r2 before r10: numbers, not text ("lora-r10" < "lora-r2" as strings).
        assertEquals(List.of(r2, rs2, r10, full), list);
    }

    @Test
    void theAdaptersMakeTheVariantsInRunOrder() {
        Adapters a = new Adapters(List.of(4, 1, 2, 1), true, Targets.ALL, 2f, true);
        assertEquals(List.of(1, 2, 4), a.ranks());
        assertEquals(List.of(new LoraVariant(LoraMethod.RSLORA, 1, 2f), new LoraVariant(LoraMethod.RSLORA, 2, 2f),
                new LoraVariant(LoraMethod.RSLORA, 4, 2f), Variant.full()), a.variants());
        assertEquals(List.of(Variant.full()), new Adapters(List.of(), true, Targets.LINEAR, 1f, false).variants());
    }

    @Test
    void aBadVariantNamesItsField() {
        assertEquals(PlanField.RANKS, assertThrows(PlanException.class, () -> Variant.lora(0)).field());
        assertEquals(PlanField.ALPHA, assertThrows(PlanException.class,
                () -> new LoraVariant(LoraMethod.LORA, 1, Float.NaN)).field());
        assertEquals(PlanField.RANKS, assertThrows(PlanException.class,
                () -> new Adapters(List.of(), false, Targets.ALL, 1f, false)).field());
    }
}
