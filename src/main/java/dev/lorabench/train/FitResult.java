package dev.lorabench.train;

import java.util.List;

/**
 * What a fit produced for one lane: the loss after every step, the validation loss after every
 * epoch (when a validation set was given), the epoch early stopping ended at (0: it did not) and
 * the step the lane diverged at (0: it did not) with the loss there.
 */
record FitResult(
        List<LossPoint> losses, List<LossPoint> validationLosses, int stoppedEarlyAfterEpoch,
        int divergedAt, double divergedLoss) {}
