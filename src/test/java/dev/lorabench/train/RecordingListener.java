package dev.lorabench.train;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event of a run, for assertions. */
final class RecordingListener implements TrainingListener {

    final List<TrainingEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void on(TrainingEvent event) {
        events.add(event);
    }

    <T extends TrainingEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    TrainingEvent last() {
        return events.get(events.size() - 1);
    }
}
