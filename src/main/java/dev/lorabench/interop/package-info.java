/**
 * Files other tools read: base weights as a PyTorch state dict in safetensors, LoRA adapters in
 * PEFT's folder layout. Sits above the engine layers (data, model, lora) and below training and
 * the front ends.
 */
package dev.lorabench.interop;
