package dev.lorabench.app.form;

import dev.lorabench.plan.PlanField;
import java.util.List;
import java.util.Properties;
import javafx.beans.Observable;

/**
 * One {@link PlanField} as the experiment form edits it: the properties behind its controls, the
 * value they make for the plan builder, and how they are remembered in the saved settings.
 */
interface FieldInput {

    /** The properties whose changes rebuild the plan. */
    List<Observable> observables();

    /**
     * The value for {@link PlanField#apply}, of the field's type.
     *
     * @throws dev.lorabench.plan.PlanException naming the field when the entry does not parse
     */
    Object value();

    /** Shows a value of the field's type (e.g. from a preset's plan). */
    void show(Object value);

    /** Writes the entry under {@code prefix + keys} ({@link PlanField#settingsKeys()}). */
    void save(Properties props, String prefix, List<String> keys);

    /** Restores what {@link #save} wrote; missing or unreadable values keep the entry as it is. */
    void load(Properties props, String prefix, List<String> keys);
}
