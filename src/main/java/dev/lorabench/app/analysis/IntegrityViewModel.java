package dev.lorabench.app.analysis;

import dev.lorabench.analysis.TensorCheck;
import dev.lorabench.train.RunResult;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The Base integrity tab: a badge per variant and the per-tensor digests of the chosen one. */
public final class IntegrityViewModel {

    private final ObservableList<IntegrityBadge> badges = FXCollections.observableArrayList();
    private final ObservableList<String> variants = FXCollections.observableArrayList();
    private final ObjectProperty<String> variant = new SimpleObjectProperty<>();
    private final ObservableList<TensorCheck> tensors = FXCollections.observableArrayList();
    // Read-only views, made once: views keep listeners on them.
    private final ObservableList<IntegrityBadge> badgesView = FXCollections.unmodifiableObservableList(badges);
    private final ObservableList<String> variantsView = FXCollections.unmodifiableObservableList(variants);
    private final ObservableList<TensorCheck> tensorsView = FXCollections.unmodifiableObservableList(tensors);

    IntegrityViewModel() {
        variant.addListener((obs, was, now) -> tensors.setAll(badges.stream().filter(b -> b.variant().equals(now))
                .findFirst().map(IntegrityBadge::tensors).orElse(List.of())));
    }

    public ObservableList<IntegrityBadge> badges() { return badgesView; }
    /** The variants that have a badge, in the badges' order. */
    public ObservableList<String> variants() { return variantsView; }
    /** The variant whose tensors the table lists. */
    public ObjectProperty<String> variantProperty() { return variant; }
    public ObservableList<TensorCheck> tensors() { return tensorsView; }

    /** Shows a run's certificates (null: none). */
    void load(RunResult result) {
        badges.setAll(result == null ? List.of() : result.variants().stream().map(IntegrityBadge::of).toList());
        variants.setAll(badges.stream().map(IntegrityBadge::variant).toList());
        variant.set(null);
        variant.set(badges.isEmpty() ? null : badges.get(0).variant());
    }
}
