package dev.lorabench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lorabench.lora.AdapterMethod;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.LoraMethod;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.PlanException;
import org.junit.jupiter.api.Test;

/** Plan methods meet the LoRA layers in one place; a rank the layers cannot hold fails before training. */
class LayerRanksTest {

    @Test
    void loraPlusAdaptsLikePlainLoraAndRsLoraScalesByTheRootOfTheRank() {
        LoraConfig plus = LayerRanks.config(LoraVariant.loraPlus(4, 8f, 16f));
        assertEquals(LayerRanks.config(new LoraVariant(LoraMethod.LORA, 4, 8f)), plus);
        assertEquals(2f, plus.scale(), "α/r = 8/4");
        assertEquals(4f, LayerRanks.config(new LoraVariant(LoraMethod.RSLORA, 4, 8f)).scale(), "α/√r = 8/2");
    }

    @Test
    void doraPissaAndOloraMapToTheirLayerMethodsAndRanksAreBoundedBeforeTraining() {
        assertEquals(AdapterMethod.DORA, LayerRanks.config(new LoraVariant(LoraMethod.DORA, 4, 8f)).method());
        assertEquals(AdapterMethod.PISSA, LayerRanks.config(new LoraVariant(LoraMethod.PISSA, 4, 8f)).method());
        assertEquals(AdapterMethod.OLORA, LayerRanks.config(new LoraVariant(LoraMethod.OLORA, 4, 8f)).method());
        assertEquals(AdapterMethod.LORA, LayerRanks.config(LoraVariant.loraPlus(4, 8f, 16f)).method());
        ExperimentPlan tooLarge = ExperimentPlan.builder().setVariants("dora:2,loraplus:1001").build();
        PlanException e = assertThrows(PlanException.class, () -> RankBounds.check(tooLarge, ModelSpec.mlpMnist()));
        assertEquals("rank must be in 1..1000 for the mlp model's targeted layers but was 1001", e.getMessage());
    }
}
