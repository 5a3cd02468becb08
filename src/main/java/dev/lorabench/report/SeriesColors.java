package dev.lorabench.report;

import java.awt.Color;

/** One colour per variant, the same in every chart, the CLI's PNGs and the GUI. */
public final class SeriesColors {

    private SeriesColors() {}

    private static final Color BASE = new Color(0x6e, 0x77, 0x81);
    private static final Color FULL = new Color(0x1f, 0x1f, 0x1f);
    private static final Color[] RANKS = {
        new Color(0x1f, 0x77, 0xb4), // r1 blue
        new Color(0xff, 0x7f, 0x0e), // r2 orange
        new Color(0x2c, 0xa0, 0x2c), // r3 green
        new Color(0xd6, 0x27, 0x28), // r4 red
        new Color(0x94, 0x67, 0xbd),
        new Color(0x8c, 0x56, 0x4b),
        new Color(0xe3, 0x77, 0xc2),
        new Color(0x17, 0xbe, 0xcf),
    };

    /** Series of validation losses are named after their variant plus this suffix. */
    public static final String VALIDATION_SUFFIX = " (validation)";

    /** The colour of a variant by name: {@code base}, {@code full} or {@code lora-rN} (validation series share it). */
    public static Color of(String variant) {
        if (variant.endsWith(VALIDATION_SUFFIX)) {
            variant = variant.substring(0, variant.length() - VALIDATION_SUFFIX.length());
        }
        if (variant.equals("base")) {
            return BASE;
        }
        if (variant.equals("full")) {
            return FULL;
        }
        if (variant.startsWith("lora-r")) {
            try {
                int r = Integer.parseInt(variant.substring(6));
                return RANKS[(r - 1) % RANKS.length];
            } catch (NumberFormatException e) {
                // fall through to a neutral colour
            }
        }
        return Color.GRAY;
    }

    /** CSS hex (#rrggbb) of {@link #of}, for views that style with CSS. */
    public static String hex(String variant) {
        Color c = of(variant);
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
