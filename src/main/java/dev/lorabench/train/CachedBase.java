package dev.lorabench.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import dev.lorabench.model.ModelSpec;
import dev.lorabench.model.TensorDigests;
import dev.lorabench.plan.ExperimentPlan;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The base cache's part in one run (ADR 0025): the recipe of the run's base, the verified entry
 * found for it, loading that entry into the base's block, storing a base the run trained.
 */
final class CachedBase {

    private final BaseCache cache;
    private final BaseRecipe recipe;
    private final String key;
    private final BaseCache.Hit hit;
    private boolean loaded;
    private boolean failed;

    private CachedBase(BaseCache cache, BaseRecipe recipe, BaseCache.Hit hit) {
        this.cache = cache;
        this.recipe = recipe;
        this.key = recipe == null ? null : recipe.key();
        this.hit = hit;
    }

    /**
     * Looks the plan's base up; must see the training inputs, so call it before they are released.
     * Nothing to look up when the cache is off or the base is loaded from a file.
     */
    static CachedBase lookUp(BaseCache cache, ExperimentPlan plan, TaskData data, FitOptions options, RunContext context) {
        BaseRecipe recipe = cache.isOn() ? BaseRecipe.of(plan, data, options, RunEnvironments.current()) : null;
        BaseCache.Hit hit = recipe == null ? null : cache.find(recipe, context::warn);
        return new CachedBase(cache, recipe, hit);
    }

    /** Whether a verified entry waits to be loaded. */
    boolean hit() {
        return hit != null;
    }

    /** The recipe's key; null when the cache is off or the base is loaded from a file. */
    String key() {
        return key;
    }

    /**
     * Loads the entry, if there is one, into the model's freshly built block and replays its
     * training curve as the base's steps; returns that curve (empty: nothing loaded, train the
     * model's block). An entry whose parameters do not load, or load to other tensors than those
     * recorded, is a warning; the model then gets a new block from the base's own first draw (the
     * seed set again) and the run's total counts the base's steps again.
     */
    List<LossPoint> loadInto(Model model, ExperimentPlan plan, ModelSpec spec, RunContext context) {
        if (hit == null) {
            return List.of();
        }
        context.emit(new TrainingEvent.PhaseStarted("base from cache", ExperimentRunner.BASE));
        Block block = model.getBlock();
        String problem = null;
        try {
            BaseParameters.load(hit.parameters(), BaseCache.PARAMETERS, block, spec, model.getNDManager());
            String tensors = TensorDigests.of(block).combined();
            if (!tensors.equals(hit.tensorsSha256())) {
                problem = "its parameters load to tensors " + BaseCache.abbreviate(tensors) + ", not the recorded "
                        + BaseCache.abbreviate(hit.tensorsSha256());
            }
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            context.warn(BaseCache.damaged(key, problem));
            failed = true;
            Engine.getInstance().setRandomSeed((int) plan.seed());
            ExperimentRunner.newBlock(model, spec);
            context.setTotalSteps(context.totalSteps() + stepsTrainedAfterAll());
            return List.of();
        }
        loaded = true;
        long perEpoch = (recipe.rows() + recipe.batchSize() - 1) / recipe.batchSize();
        for (LossPoint p : hit.losses()) {
            context.emit(new TrainingEvent.StepLoss(
                    ExperimentRunner.BASE, p.step(), (int) ((p.step() - 1) / perEpoch) + 1, p.loss()));
        }
        return hit.losses();
    }

    /** Whether the base came from the cache. */
    boolean loaded() {
        return loaded;
    }

    /** The base's training steps when a found entry did not load and the base was trained after all; else 0. */
    long stepsTrainedAfterAll() {
        return failed ? new FitRecipe(recipe.regression(), recipe.epochs(), 0, recipe.batchSize(), recipe.lr(),
                recipe.seed(), 0).steps(recipe.rows()) : 0;
    }

    /**
     * Keeps a base this run trained from the recipe (nothing to do for one it loaded from the
     * cache); a failed store is a warning, not a failed run.
     */
    void store(byte[] parameters, String tensorsSha256, List<LossPoint> losses, RunContext context) {
        if (recipe == null || loaded) {
            return;
        }
        try {
            cache.store(recipe, parameters, tensorsSha256, losses, Instant.now());
        } catch (IOException | RuntimeException e) {
            context.warn("could not keep the base in the cache " + cache.dir() + ": " + e.getMessage());
        }
    }
}
