package dev.lorabench.app;

import dev.lorabench.app.form.ExperimentForm;

/** Variant choices on the experiment form, for tests that want a small run. */
final class FormPicks {

    private FormPicks() {}

    /** LoRA rank 1 alone: ranks 2–4 (the default sweep) and the full fine-tune switched off. */
    static void onlyRankOne(ExperimentForm f) {
        f.fullProperty().set(false);
        f.rankProperty(1).set(true);
        for (int r = 2; r <= 4; r++) {
            f.rankProperty(r).set(false);
        }
    }
}
