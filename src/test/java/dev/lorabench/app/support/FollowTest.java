package dev.lorabench.app.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

/** Following starts from the present state (what a pane built late needs), then each change. */
class FollowTest {

    @Test
    void aValueIsAppliedNowAndOnEachChange() {
        SimpleIntegerProperty k = new SimpleIntegerProperty(7);
        List<Number> seen = new ArrayList<>();
        Follow.value(k, seen::add);
        assertEquals(List.of(7), seen);
        k.set(3);
        k.set(3); // no change, nothing applied
        k.set(5);
        assertEquals(List.of(7, 3, 5), seen);
    }

    @Test
    void severalValuesRunTheUpdateNowAndWhenAnyChanges() {
        SimpleIntegerProperty count = new SimpleIntegerProperty(4);
        SimpleIntegerProperty index = new SimpleIntegerProperty(2);
        List<String> seen = new ArrayList<>();
        Follow.values(() -> seen.add(index.get() + "/" + count.get()), count, index);
        assertEquals(List.of("2/4"), seen);
        count.set(6);
        index.set(5);
        assertEquals(List.of("2/4", "2/6", "5/6"), seen);
    }

    @Test
    void aListIsAppliedNowAndOnEachChange() {
        ObservableList<String> rows = FXCollections.observableArrayList("a", "b");
        SimpleStringProperty shown = new SimpleStringProperty();
        Follow.list(rows, () -> shown.set(String.join(",", rows)));
        assertEquals("a,b", shown.get());
        rows.add("c");
        assertEquals("a,b,c", shown.get());
        rows.setAll("z");
        assertEquals("z", shown.get());
    }
}
