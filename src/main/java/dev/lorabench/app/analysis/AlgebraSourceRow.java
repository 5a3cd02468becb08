package dev.lorabench.app.analysis;

import dev.lorabench.train.AlgebraSource;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * One source of the Adapter algebra tab: whether it is included and its weight (any sign), its
 * class errors on the run's test set (its own bars), or the reason it cannot be combined.
 */
public final class AlgebraSourceRow {

    private final AlgebraSource source;
    private final List<Integer> classErrors;
    private final BooleanProperty included = new SimpleBooleanProperty(false);
    private final DoubleProperty weight = new SimpleDoubleProperty(1);

    AlgebraSourceRow(AlgebraSource source, List<Integer> classErrors) {
        this.source = source;
        this.classErrors = classErrors == null ? List.of() : List.copyOf(classErrors);
    }

    AlgebraSource source() { return source; }

    /** The series name on the bars: the variant's name, or the folder's own name. */
    public String label() {
        Path folder = source.folder();
        return folder == null || folder.getFileName() == null ? source.name() : folder.getFileName().toString();
    }

    public boolean combinable() { return source.combinable(); }

    /** Why it cannot be combined ("" when it can). */
    public String refusal() { return source.whyNot().orElse(""); }

    public BooleanProperty includedProperty() { return included; }

    /** The weight, any sign (a negative weight subtracts the adapter). */
    public DoubleProperty weightProperty() { return weight; }

    List<Integer> classErrors() { return classErrors; }
}
