package dev.lorabench.train;

import dev.lorabench.data.ImageSet;
import dev.lorabench.plan.ExperimentPlan;
import java.util.Map;

/**
 * Run artifacts that hold only the test images, with no model, base or adapters: what the
 * misclassified gallery reads, for app tests that must not start the engine.
 */
public final class TestArtifacts {

    private TestArtifacts() {}

    public static RunArtifacts withTestImages(ExperimentPlan plan, ImageSet testImages) {
        return new RunArtifacts(plan, null, new byte[0], null, testImages, Map.of(), Map.of());
    }
}
