package dev.lorabench.lora;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import dev.lorabench.model.TorchInit;

/** How a fresh adapter's A is drawn; B always starts at zero, so ΔW = 0 at the start either way. */
public enum LoraInit {

    /**
     * PEFT's default ({@code init_lora_weights=True}): {@code kaiming_uniform_(A, a=√5)}, i.e.
     * U(−1/√fan_in, 1/√fan_in) with fan_in = in_features (in_channels·kh·kw for a convolution).
     */
    PEFT_KAIMING_UNIFORM,

    /**
     * N(0, 2/fan_in) (Kaiming-normal, gain √2): lorabench's default before it matched PEFT, and
     * DJL's default for weights; √6 ≈ 2.45× wider than PEFT's draw, so A·x starts larger.
     */
    KAIMING_NORMAL;

    Initializer initializer() {
        return switch (this) {
            case PEFT_KAIMING_UNIFORM -> TorchInit.kaimingUniform();
            case KAIMING_NORMAL -> new XavierInitializer(
                    XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2f);
        };
    }
}
