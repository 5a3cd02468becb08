package dev.lorabench.app;

import dev.lorabench.train.BaseResult;
import dev.lorabench.train.Evaluation;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.train.LossPoint;
import dev.lorabench.train.RunEnvironment;
import dev.lorabench.train.RunResult;
import dev.lorabench.train.VariantResult;
import dev.lorabench.plan.Variant;
import dev.lorabench.analysis.IntegrityCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made results and evaluations for tests that must not start the engine. */
public final class FakeRuns {

    public static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private FakeRuns() {}

    /** A 10-class evaluation with {@code errors[c]} wrong out of 10 per class. */
    public static Evaluation classification(int... errors) {
        int[][] confusion = new int[10][10];
        for (int c = 0; c < 10; c++) {
            confusion[c][c] = 10 - errors[c];
            confusion[c][(c + 1) % 10] = errors[c];
        }
        return Evaluation.classification(confusion);
    }

    public static List<LossPoint> losses(int n, double start) {
        List<LossPoint> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(new LossPoint(i, start / i));
        }
        return list;
    }

    public static VariantResult variant(String name, long trainable, Evaluation e, boolean unchanged) {
        Variant spec = name.equals("full") ? Variant.full() : Variant.lora(Integer.parseInt(name.substring(6)));
        return new VariantResult(spec, 1f, trainable, Map.of(), losses(5, 1.0), e, "sha", unchanged, 0.5,
                new IntegrityCertificate(List.of(), Double.NaN, unchanged), 0, List.of(), 0);
    }

    public static RunResult run() {
        ExperimentPlan plan = ExperimentPlan.builder().setRanks(List.of(1, 2)).setFull(true).build();
        BaseResult base = new BaseResult(1000, "sha", true, losses(20, 2.0),
                classification(1, 1, 1, 5, 1, 1, 1, 1, 1, 1), 1.0);
        List<VariantResult> variants = List.of(
                variant("lora-r1", 10, classification(1, 1, 1, 2, 1, 1, 1, 1, 1, 1), true),
                variant("lora-r2", 20, classification(1, 1, 1, 1, 1, 1, 1, 1, 1, 2), true),
                variant("full", 1000, classification(3, 3, 3, 0, 3, 3, 3, 3, 3, 3), false));
        return new RunResult(plan, new RunEnvironment("t", "t", "t", "t", 1, "17"), DIGITS, List.of(3), 40,
                base, variants, 3.0, List.of(), null, null);
    }
}
