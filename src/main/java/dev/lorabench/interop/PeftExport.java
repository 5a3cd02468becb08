package dev.lorabench.interop;

import ai.djl.ndarray.NDArray;
import dev.lorabench.data.Safetensors;
import dev.lorabench.lora.AdaptedLayer;
import dev.lorabench.lora.LoraConfig;
import dev.lorabench.lora.LoraLayer;

/**
 * One adapted layer as PEFT stores it: A, B, DoRA's magnitude, and the rank and alpha PEFT must
 * apply them with.
 *
 * <p>PiSSA and OLoRA adapters are converted as PEFT's {@code save_pretrained(...,
 * path_initial_model_for_weight_conversion=...)} converts them, into plain LoRA on the original
 * base: A' = [A; A₀], B' = [B, −B₀], rank 2r, and alpha 2α (√2·α with rsLoRA) so the scale stays.
 * Then W + s·B'·A' = (residual + s·B₀·A₀) + s·(B·A − B₀·A₀) = residual + s·B·A, the trained
 * layer, on the untouched base that PEFT users have.
 *
 * @param magnitude DoRA's {@code lora_magnitude_vector} in PEFT's shape, or null
 */
record PeftExport(
        String module, int rank, float alpha, Safetensors.Tensor a, Safetensors.Tensor b,
        Safetensors.Tensor magnitude) {

    static PeftExport of(AdaptedLayer adapted) {
        LoraLayer layer = adapted.layer();
        LoraConfig c = layer.config();
        String module = TorchNames.module(adapted.path());
        Safetensors.Tensor magnitude = layer.magnitude() == null ? null : Tensors.of(layer.magnitude().getArray());
        if (!c.method().replacesBase()) {
            return new PeftExport(module, c.rank(), c.alpha(), Tensors.of(layer.loraA().getArray()),
                    Tensors.of(layer.loraB().getArray()), magnitude);
        }
        try (NDArray a = layer.loraA().getArray().concat(layer.initialA(), 0);
                NDArray negB0 = layer.initialB().neg();
                NDArray b = layer.loraB().getArray().concat(negB0, 1)) {
            float alpha = c.rsLora() ? (float) (c.alpha() * Math.sqrt(2)) : 2 * c.alpha();
            return new PeftExport(module, 2 * c.rank(), alpha, Tensors.of(a), Tensors.of(b), magnitude);
        }
    }
}
