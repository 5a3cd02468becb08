package dev.lorabench.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --variants}: the issue's example list, its names, order, λ and α, and its refusals. */
class VariantListTest {

    @Test
    void theIssuesExampleListsSevenDistinctVariantsInRunOrder() {
        List<Variant> v = VariantList.parse("lora:1,lora:64,rslora:64,dora:4,pissa:4,loraplus:4:16,full", 2f);
        assertEquals(List.of("lora-r1", "dora-r4", "pissa-r4", "loraplus-r4", "lora-r64", "rslora-r64", "full"),
                v.stream().map(Variant::name).toList());
        assertEquals(List.of("lora", "dora", "pissa", "loraplus", "lora", "rslora", "full"),
                v.stream().map(Variant::methodId).toList());
        LoraVariant plus = (LoraVariant) v.get(3);
        assertEquals(16f, plus.bRate());
        assertEquals(2f, plus.alpha(), "every listed variant takes the plan's α");
        assertEquals(1f, ((LoraVariant) v.get(0)).bRate(), "plain LoRA: B learns at A's rate");
        assertEquals("lora:1,dora:4,pissa:4,loraplus:4,lora:64,rslora:64,full", VariantList.format(v));
        assertEquals(v, VariantList.parse(VariantList.format(v), 2f));
    }

    @Test
    void loraPlusVariantsOfOneRankDifferInTheirRatio() {
        List<Variant> v = VariantList.parse("loraplus:4:8, loraplus:4, loraplus:4:2.5", 1f);
        assertEquals(List.of("loraplus-r4-l2.5", "loraplus-r4-l8", "loraplus-r4"), v.stream().map(Variant::name).toList());
        assertEquals(List.of(), VariantList.parse(" ", 1f));
    }

    @Test
    void aBadEntryIsRefusedNamingItsFieldAndTheEntry() {
        PlanException e = assertThrows(PlanException.class, () -> VariantList.parse("lora:4,dora", 1f));
        assertEquals(PlanField.VARIANTS, e.field());
        assertEquals("variant must be METHOD:RANK[:OPTION] or full but was 'dora'", e.getMessage());
        assertEquals("variant lora-r4 is listed twice in 'lora:4,LORA:4'",
                assertThrows(PlanException.class, () -> VariantList.parse("lora:4,LORA:4", 1f)).getMessage());
        assertEquals(PlanField.RANKS, assertThrows(PlanException.class, () -> VariantList.parse("dora:0", 1f)).field());
        assertEquals("variant must be rslora:RANK (only loraplus takes an option, its λ) but was 'rslora:4:2'",
                assertThrows(PlanException.class, () -> VariantList.parse("rslora:4:2", 1f)).getMessage());
    }

    @Test
    void listedVariantsReplaceTheShorthand() {
        ExperimentPlan plan = ExperimentPlan.builder().setRanks(List.of(1, 2)).setFull(true)
                .setVariants("dora:8,lora:2").build();
        assertEquals(List.of("lora-r2", "dora-r8"), plan.variants().stream().map(Variant::name).toList());
        assertEquals(plan, plan.toBuilder().build(), "the plan's builder lists them again");
        ExperimentPlan shorthand = ExperimentPlan.builder().setRanks(List.of(1, 2)).setRsLora(true).build();
        assertEquals(List.of("rslora-r1", "rslora-r2", "full"), shorthand.variants().stream().map(Variant::name).toList());
    }
}
