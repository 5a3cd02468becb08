package dev.lorabench.app.analysis;

import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.StringProperty;

/**
 * What the Gain / forgetting tab's "re-run with this replay" row needs: the form's replay
 * fraction, whether a run is going, and the command that sets the fraction and starts a run
 * (true when one started).
 */
public record ReplayRerun(StringProperty replay, ReadOnlyBooleanProperty running, Predicate<String> rerun) {}
