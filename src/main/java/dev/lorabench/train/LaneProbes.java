package dev.lorabench.train;

import java.util.IdentityHashMap;
import java.util.Map;

/** Ways to combine {@link LaneProbe}s. */
final class LaneProbes {

    private LaneProbes() {}

    /**
     * Both probes, each at its own steps: a lane is looked at when either wants it, and each looks
     * only where it said it was due (the loop asks {@code due} right before {@code look}).
     */
    static LaneProbe both(LaneProbe first, LaneProbe second) {
        return new LaneProbe() {
            private final Map<Lane, boolean[]> wanted = new IdentityHashMap<>();

            @Override
            public boolean due(Lane lane, int step, boolean last) {
                boolean[] which = {first.due(lane, step, last), second.due(lane, step, last)};
                wanted.put(lane, which);
                return which[0] || which[1];
            }

            @Override
            public void look(Lane lane, int step) {
                boolean[] which = wanted.remove(lane);
                if (which != null && which[0]) {
                    first.look(lane, step);
                }
                if (which != null && which[1]) {
                    second.look(lane, step);
                }
            }
        };
    }
}
