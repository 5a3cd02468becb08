package dev.lorabench.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code --variants} spelling of a variant list: {@code METHOD:RANK[:λ],…} and the bare word
 * {@code full}, e.g. {@code lora:1,rslora:64,dora:4,loraplus:4:16,full}. Only LoRA+ takes an
 * option (λ, default 16). The α of every listed variant is the plan's.
 */
public final class VariantList {

    private VariantList() {}

    /**
     * The variants {@code text} lists, in run order ({@link Variant#ORDER}); empty for blank text.
     *
     * @throws PlanException naming {@link PlanField#VARIANTS} (or the rank/α field) and the bad entry
     */
    public static List<Variant> parse(String text, float alpha) {
        List<Variant> list = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : (text == null ? "" : text).split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            Variant v = one(e, alpha);
            if (!names.add(v.name())) {
                throw new PlanException(PlanField.VARIANTS, "variant " + v.name() + " is listed twice in '" + text + "'");
            }
            list.add(v);
        }
        list.sort(Variant.ORDER);
        return List.copyOf(list);
    }

    private static Variant one(String entry, float alpha) {
        if (entry.equalsIgnoreCase("full")) {
            return Variant.full();
        }
        String[] parts = entry.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw bad(entry, "METHOD:RANK[:OPTION] or full");
        }
        LoraMethod method;
        try {
            method = LoraMethod.byId(parts[0]);
        } catch (IllegalArgumentException e) {
            throw new PlanException(PlanField.VARIANTS, "variant '" + entry + "': " + e.getMessage());
        }
        int rank = number(entry, parts[1], "rank");
        if (parts.length == 2) {
            return new LoraVariant(method, rank, alpha);
        }
        if (method != LoraMethod.LORAPLUS) {
            throw bad(entry, method.id() + ":RANK (only loraplus takes an option, its λ)");
        }
        float ratio;
        try {
            ratio = Float.parseFloat(parts[2].trim());
        } catch (NumberFormatException e) {
            throw bad(entry, "loraplus:RANK:λ with a number λ");
        }
        return LoraVariant.loraPlus(rank, alpha, ratio);
    }

    private static int number(String entry, String text, String what) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw bad(entry, "a whole number " + what + " after the method");
        }
    }

    private static PlanException bad(String entry, String expected) {
        return new PlanException(PlanField.VARIANTS, "variant must be " + expected + " but was '" + entry + "'");
    }

    /** The list as {@link #parse} reads it back (LoRA+'s default λ left out), e.g. {@code lora:1,full}. */
    public static String format(List<Variant> variants) {
        List<String> parts = new ArrayList<>();
        for (Variant v : variants) {
            if (v instanceof LoraVariant l) {
                String s = l.method().id() + ":" + l.rank();
                if (l.method() == LoraMethod.LORAPLUS && l.bRate() != LoraVariant.DEFAULT_LORA_PLUS_RATIO) {
                    s += ":" + FieldText.format(l.bRate());
                }
                parts.add(s);
            } else {
                parts.add(v.name());
            }
        }
        return String.join(",", parts);
    }
}
