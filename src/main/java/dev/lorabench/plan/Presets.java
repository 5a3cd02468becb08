package dev.lorabench.plan;

import dev.lorabench.model.Architecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seeds' experiments as named starting points; explicit options override their values. */
public final class Presets {

    /**
     * The transfer preset's variants: plain LoRA at ranks 1–64 (the 10-output head is capped at
     * rank 10, as PEFT's rank_pattern would), rsLoRA at 64 where its α/√r matters, and the other
     * methods at rank 8 against the full fine-tune.
     */
    static final String TRANSFER_VARIANTS =
            "lora:1,lora:2,lora:4,lora:8,lora:16,lora:32,lora:64,rslora:64,dora:8,pissa:8,olora:8,loraplus:8,full";

    /**
     * The transfer preset's fine-tune steps at batch 64 (38,400 rows, about 2/3 of an epoch of
     * Fashion-MNIST): a comparison in about two minutes on 2 cores, with the methods already apart
     * (README, "Which LoRA?"); {@code --finetune-steps} asks for more.
     */
    static final int TRANSFER_STEPS = 600;

    /**
     * The task-pair preset's fine-tune steps at batch 10, for each task (ADR 0029): 3,000 rows,
     * about a sixth of the rows of digits 3, 6 and 8; the whole preset (two fine-tunes of two
     * ranks, four combinations each) took 2 min 12 s of CPU time on 2 cores with the base cached
     * (README, "Two tasks, one adapter?").
     */
    static final int PAIR_STEPS = 300;

    private Presets() {}

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put("mlp-mnist", "MLP 784-1000-2000-10, 1 epoch base, LoRA r1-4 + full on the worst digit");
        DESCRIPTIONS.put("resnet-mnist", "small ResNet, LoRA on conv + linear, fine-tune on digits 3,6,8");
        DESCRIPTIONS.put("vgg-mnist", "small VGG, LoRA on conv + linear, fine-tune on digits 3,6,8");
        DESCRIPTIONS.put("pair-mnist", "MLP as mlp-mnist, LoRA r4 and r8 fine-tuned on digits 3,6,8 and on 1,7,"
                + " then combined (linear, cat, svd, ties)");
        DESCRIPTIONS.put("toy-regression", "10->5 linear regression on synthetic data, ranks 1-4 vs full rank");
        DESCRIPTIONS.put("transfer-fashion", "MLP base trained on MNIST, adapted to all of Fashion-MNIST:"
                + " LoRA r1-64, rsLoRA, DoRA, PiSSA, OLoRA, LoRA+ and full");
    }

    /** Preset names with one-line descriptions, in display order. */
    public static Map<String, String> descriptions() {
        return java.util.Collections.unmodifiableMap(DESCRIPTIONS);
    }

    public static List<String> names() {
        return List.copyOf(DESCRIPTIONS.keySet());
    }

    /**
     * A builder filled with the preset's values.
     *
     * @throws PlanException for an unknown name, listing the known ones
     */
    public static ExperimentPlan.Builder get(String name) {
        ExperimentPlan.Builder b = ExperimentPlan.builder().optPreset(name);
        return switch (name) {
            // Seed 001: Adam 1e-3, batch 10, one epoch; the fine-tune follows the tutorial it
            // cites (100 steps on the worst digit, alpha 1).
            case "mlp-mnist" -> b.setModel(Architecture.MLP).setDataset("mnist")
                    .setBaseEpochs(1).setBatchSize(10).setLr(1e-3f)
                    .setFinetuneClasses(ClassSelection.worstClass())
                    .setFinetuneEpochs(1).setFinetuneSteps(100).setAlpha(1f)
                    .setRanks(List.of(1, 2, 3, 4)).setFull(true).setTargets("linear");
            // The example of adapter algebra: one adapter per task, combined. The base is
            // mlp-mnist's recipe (same model, data, seed, epochs, batch, lr), so the base cache serves both.
            case "pair-mnist" -> b.setModel(Architecture.MLP).setDataset("mnist")
                    .setBaseEpochs(1).setBatchSize(10).setLr(1e-3f)
                    .setFinetuneClasses(ClassSelection.of(List.of(3, 6, 8)))
                    .optCompanionClasses(ClassSelection.of(List.of(1, 7)))
                    .setFinetuneEpochs(1).setFinetuneSteps(PAIR_STEPS).setAlpha(1f)
                    .setVariants("lora:4,lora:8").setTargets("linear");
            // Seed 004: custom ResNet/VGG, fine-tuned on digits 3, 6 and 8.
            case "resnet-mnist" -> b.setModel(Architecture.RESNET).setDataset("mnist")
                    .setBaseEpochs(1).setBatchSize(64).setLr(1e-3f)
                    .setFinetuneClasses(ClassSelection.of(List.of(3, 6, 8)))
                    .setFinetuneEpochs(1).setAlpha(2f).setTargets("all");
            case "vgg-mnist" -> b.setModel(Architecture.VGG).setDataset("mnist")
                    .setBaseEpochs(1).setBatchSize(64).setLr(1e-3f)
                    .setFinetuneClasses(ClassSelection.of(List.of(3, 6, 8)))
                    .setFinetuneEpochs(1).setAlpha(2f).setTargets("all");
            // Seed 003: a 10->5 linear layer, full rank against ranks 1-4, MSE curves.
            case "toy-regression" -> b.setModel(Architecture.LINEAR).setDataset("synthetic")
                    .setBaseEpochs(50).setFinetuneEpochs(100).setBatchSize(20).setLr(1e-2f)
                    .setAlpha(1f).setRanks(List.of(1, 2, 3, 4)).setFull(true).setTargets("linear");
            // Not a seed: the seeds' fine-tunes saturate (every rank ends equal). Here the base
            // learns digits and must adapt to clothing, all ten classes, so capacity and method
            // show. TRANSFER_STEPS: see there.
            case "transfer-fashion" -> b.setModel(Architecture.MLP).setDataset("fashion-mnist")
                    .setBaseDataset("mnist").setBaseEpochs(1).setBatchSize(64).setLr(1e-3f)
                    .setFinetuneClasses(ClassSelection.of(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)))
                    .setFinetuneEpochs(1).setFinetuneSteps(TRANSFER_STEPS).setAlpha(8f).setTargets("linear")
                    .setVariants(TRANSFER_VARIANTS).setSection7(true);
            default -> throw new PlanException(PlanField.PRESET,
                    "preset must be one of " + String.join(", ", names()) + " but was " + name);
        };
    }
}
