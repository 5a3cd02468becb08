package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lorabench.lora.LoraConfig;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraMethod;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.PlanField;
import org.junit.jupiter.api.Test;

/** Plan methods meet the LoRA layers in one place; a method the layers lack fails before training. */
class LayerRanksTest {

    @Test
    void loraPlusAdaptsLikePlainLoraAndRsLoraScalesByTheRootOfTheRank() {
        LoraConfig plus = LayerRanks.config(LoraVariant.loraPlus(4, 8f, 16f));
        assertEquals(LayerRanks.config(new LoraVariant(LoraMethod.LORA, 4, 8f)), plus);
        assertEquals(2f, plus.scale(), "α/r = 8/4");
        assertEquals(4f, LayerRanks.config(new LoraVariant(LoraMethod.RSLORA, 4, 8f)).scale(), "α/√r = 8/2");
    }

    @Test
    void aMethodTheLayersDoNotOfferYetIsAUsageErrorBeforeAnyTraining() {
        ExperimentPlan plan = ExperimentPlan.builder().setVariants("lora:2,pissa:4").build();
        PlanException e = assertThrows(PlanException.class, () -> RankBounds.check(plan, ModelSpec.mlpMnist()));
        assertEquals(PlanField.VARIANTS, e.field());
        assertEquals("pissa is not available yet (variant pissa-r4)", e.getMessage());
        ExperimentPlan tooLarge = ExperimentPlan.builder().setVariants("loraplus:11").build();
        assertEquals("rank must be in 1..10 for the mlp model's targeted layers but was 11", assertThrows(
                PlanException.class, () -> RankBounds.check(tooLarge, ModelSpec.mlpMnist())).getMessage());
    }
}
