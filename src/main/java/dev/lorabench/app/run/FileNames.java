package dev.lorabench.app.run;

import dev.lorabench.plan.DatasetRef;
import dev.lorabench.plan.ExperimentPlan;
import java.util.Locale;

/** Default export file names such as {@code mlp-mnist-loss.png}. */
public final class FileNames {

    private FileNames() {}

    public static String stem(ExperimentPlan plan) {
        if (!plan.preset().equals("custom")) {
            return plan.preset();
        }
        DatasetRef ref = plan.dataset();
        String dataset = ref instanceof DatasetRef.IdxFolder ? "idx"
                : ref instanceof DatasetRef.ImageFolder ? "folder" : ref.id();
        return (plan.model().id() + "-" + dataset).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    }

    public static String of(ExperimentPlan plan, ExportKind kind) {
        return stem(plan) + kind.file().suffix();
    }
}
