package dev.lorabench.report;

import dev.lorabench.plan.FullFineTune;
import dev.lorabench.plan.LoraVariant;
import dev.lorabench.plan.Variant;
import java.awt.Color;

/** One colour per variant, the same in every chart, the CLI's PNGs and the GUI. */
public final class SeriesColors {

    private SeriesColors() {}

    /** The base model's series. */
    public static final Color BASE = new Color(0x6e, 0x77, 0x81);
    /** A series that is no variant of the run. */
    public static final Color OTHER = Color.GRAY;
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

    /** The colour of a variant: LoRA by rank, the full fine-tune black. */
    public static Color of(Variant variant) {
        if (variant instanceof LoraVariant lora) {
            return RANKS[(lora.rank() - 1) % RANKS.length];
        }
        if (variant instanceof FullFineTune) {
            return FULL;
        }
        return OTHER;
    }

    /** The light grey the full fine-tune is drawn in on a dark plot (its black would vanish there). */
    private static final Color FULL_ON_DARK = new Color(0xe6, 0xed, 0xf3);
    /** The base's grey, lighter, for a dark plot. */
    private static final Color BASE_ON_DARK = new Color(0x9d, 0xa7, 0xb1);

    /**
     * A colour that reads on a dark plot: the dark ones (full fine-tune, base) are lightened, the
     * rank colours (mid-tone) stay as they are so a rank keeps its colour in both themes.
     */
    public static Color onDark(Color c) {
        if (c.equals(FULL)) {
            return FULL_ON_DARK;
        }
        return c.equals(BASE) ? BASE_ON_DARK : c;
    }

    /** CSS hex (#rrggbb) of a colour, for views that style with CSS. */
    public static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
