package dev.lorabench.report;

import dev.lorabench.plan.FullFineTune;
import dev.lorabench.plan.Variant;
import java.awt.Color;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart series of one run, by name: {@code base}, each variant's name, and each variant's
 * validation series. Charts keyed by series name look their variant up here (the names are derived
 * from the run's variants, never parsed back), for its colour and its place in the order.
 */
public final class SeriesPalette {

    /** The base model's series name. */
    public static final String BASE = "base";

    private static final SeriesPalette EMPTY = new SeriesPalette(List.of());

    private final Map<String, Variant> byName = new LinkedHashMap<>();
    private final boolean dark;

    private SeriesPalette(Collection<? extends Variant> variants) {
        variants.stream().sorted(Variant.ORDER).forEach(v -> {
            byName.put(v.name(), v);
            byName.put(v.name() + SeriesColors.VALIDATION_SUFFIX, v);
        });
        dark = false;
    }

    private SeriesPalette(SeriesPalette light, boolean dark) {
        byName.putAll(light.byName);
        this.dark = dark;
    }

    /** The same series, coloured for a plot of this style (see {@link SeriesColors#onDark}). */
    public SeriesPalette forStyle(ChartStyle style) {
        return style.dark() == dark ? this : new SeriesPalette(this, style.dark());
    }

    public static SeriesPalette of(Collection<? extends Variant> variants) {
        return new SeriesPalette(variants);
    }

    /** A palette without variants: only the base has its colour. */
    public static SeriesPalette empty() {
        return EMPTY;
    }

    /** The variant a series shows (its validation series included), or null. */
    public Variant variant(String series) {
        return byName.get(series);
    }

    public Color color(String series) {
        Variant v = byName.get(series);
        Color c = v != null ? SeriesColors.of(v) : BASE.equals(series) ? SeriesColors.BASE : SeriesColors.OTHER;
        return dark ? SeriesColors.onDark(c) : c;
    }

    public String hex(String series) {
        return SeriesColors.hex(color(series));
    }

    /** Whether the series is the full fine-tune's (drawn a little heavier). */
    public boolean isFull(String series) {
        return byName.get(series) instanceof FullFineTune;
    }

    /** base, then the variants in {@link Variant#ORDER}, then any other series (a stable sort keeps their order). */
    public Comparator<String> order() {
        return Comparator.comparingInt(this::rankOf);
    }

    private int rankOf(String series) {
        if (BASE.equals(series)) {
            return -1;
        }
        int i = 0;
        for (String name : byName.keySet()) {
            if (name.equals(series)) {
                return i;
            }
            i++;
        }
        return Integer.MAX_VALUE;
    }
}
