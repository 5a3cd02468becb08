package dev.lorabench.train;

import dev.lorabench.plan.Schedule;
import dev.lorabench.plan.Variant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * One more fine-tune of some of a run's variants after the run's own, from the run's base bytes:
 * an extra seed (ADR 0021) or the companion task (ADR 0029). Under the lockstep schedule all of
 * them in one pass over the data, under the sequential one each alone; each model is built
 * without a base snapshot or ΔW lab record ({@link PreparedVariant#forSeed}), trained, handed to
 * {@code tested}, and closed before the pass returns, so memory does not grow with the passes.
 *
 * @param variants the variants to fine-tune, in run order
 * @param seed the seed of the adapters' initialisation and the batch order
 * @param seedIndex the seed index the lanes' events carry
 * @param tuneSet the rows to fine-tune on
 * @param validationSet the validation rows for early stopping (null: none)
 * @param laneName the name a variant's lane reports its losses under
 * @param what how the progress names the pass, e.g. "seed 2 of 5 (43)"
 */
record ExtraPass(List<? extends Variant> variants, long seed, int seedIndex, TensorSet tuneSet,
        TensorSet validationSet, Function<Variant, String> laneName, String what) {

    /** What the pass keeps of one trained variant, while its model is still open. */
    interface Tested<T> {
        T of(PreparedVariant p, FitResult fit) throws IOException;
    }

    /** Fine-tunes the variants as the run's plan schedules them and returns what {@code tested} kept, in order. */
    <T> List<T> run(ExperimentRunner.Tuning t, FitOptions options, ExecutorService laneWorker, Tested<T> tested)
            throws IOException {
        t.context().checkCancelled();
        return t.plan().schedule() == Schedule.LOCKSTEP && variants.size() > 1
                ? lockstep(t, options, laneWorker, tested) : sequential(t, options, tested);
    }

    private <T> List<T> lockstep(ExperimentRunner.Tuning t, FitOptions options, ExecutorService laneWorker,
            Tested<T> tested) throws IOException {
        RunContext context = t.context();
        List<PreparedVariant> prepared = new ArrayList<>();
        try {
            context.emit(new TrainingEvent.PhaseStarted("fine-tuning all variants in lockstep, " + what, "lockstep"));
            List<Lane> lanes = new ArrayList<>();
            for (Variant variant : variants) {
                context.checkCancelled();
                PreparedVariant p = prepare(t, variant);
                prepared.add(p);
                lanes.add(Lane.named(laneName.apply(variant), variant, p.model, p.firstAdapted(), seedIndex));
            }
            new FitLoop(context).withOptions(options).withLaneWorker(laneWorker)
                    .fitAll(lanes, tuneSet, validationSet, recipe(t));
            List<T> kept = new ArrayList<>();
            for (int i = 0; i < prepared.size(); i++) {
                context.checkCancelled();
                kept.add(tested.of(prepared.get(i), lanes.get(i).result()));
                prepared.get(i).close();
            }
            return kept;
        } finally {
            prepared.forEach(PreparedVariant::close);
        }
    }

    private <T> List<T> sequential(ExperimentRunner.Tuning t, FitOptions options, Tested<T> tested) throws IOException {
        RunContext context = t.context();
        List<T> kept = new ArrayList<>();
        for (Variant variant : variants) {
            context.checkCancelled();
            String lane = laneName.apply(variant);
            context.emit(new TrainingEvent.PhaseStarted("fine-tuning " + lane + ", " + what, lane));
            try (PreparedVariant p = prepare(t, variant)) {
                Lane l = Lane.named(lane, variant, p.model, null, seedIndex);
                new FitLoop(context).withOptions(options).fitAll(List.of(l), tuneSet, validationSet, recipe(t));
                kept.add(tested.of(p, l.result()));
            }
        }
        return kept;
    }

    private PreparedVariant prepare(ExperimentRunner.Tuning t, Variant variant) throws IOException {
        return PreparedVariant.forSeed(t.plan(), t.data().spec(), variant, seed, t.base().parameters());
    }

    private FitRecipe recipe(ExperimentRunner.Tuning t) {
        return ExperimentRunner.finetuneRecipe(t.plan(), t.data().isRegression(), seed);
    }
}
