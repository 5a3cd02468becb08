package dev.lorabench.cli;

import dev.lorabench.train.TrainingEvent;
import dev.lorabench.train.TrainingListener;
import java.io.PrintStream;

/**
 * A progress bar with ETA on stderr. Redraws at most 10 times a second on a terminal, and prints
 * a plain line every few seconds when the output is a file or a CI log.
 */
final class TerminalProgress implements TrainingListener {

    private static final int WIDTH = 28;

    private final PrintStream err;
    private final boolean terminal;
    private final long intervalNanos;
    private long lastDraw;
    private String variant = "";
    private double lastLoss = Double.NaN;
    private boolean drawn;

    TerminalProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 100_000_000L : 5_000_000_000L;
    }

    @Override
    public void on(TrainingEvent event) {
        if (event instanceof TrainingEvent.PhaseStarted p) {
            variant = p.variant();
            finishLine();
            err.println(p.phase() + " …");
        } else if (event instanceof TrainingEvent.Warning w) {
            finishLine();
            err.println("warning: " + w.message());
        } else if (event instanceof TrainingEvent.StepLoss s) {
            lastLoss = s.loss();
        } else if (event instanceof TrainingEvent.Progress p) {
            draw(p);
        } else if (event instanceof TrainingEvent.VariantDiverged d) {
            finishLine();
            // The base has no others to go on with: its divergence ends the run with its own message.
            boolean base = "base".equals(d.variant());
            err.println("  " + d.variant() + ": diverged at step " + d.step() + " (loss " + d.loss() + ")"
                    + (base ? "" : "; going on with the others"));
        } else if (event instanceof TrainingEvent.Evaluated e) {
            finishLine();
            err.println(e.evaluation().isRegression()
                    ? String.format("  %s: test MSE %.5f", e.variant(), e.evaluation().mse())
                    : String.format("  %s: accuracy %.4f, %d errors", e.variant(),
                            e.evaluation().accuracy(), e.evaluation().totalErrors()));
        }
    }

    private void draw(TrainingEvent.Progress p) {
        long now = System.nanoTime();
        boolean last = p.doneSteps() >= p.totalSteps();
        if (!last && now - lastDraw < intervalNanos) {
            return;
        }
        lastDraw = now;
        double fraction = p.totalSteps() == 0 ? 1 : Math.min(1, (double) p.doneSteps() / p.totalSteps());
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        String eta = Double.isNaN(p.etaSeconds()) ? "--:--" : clock(p.etaSeconds());
        String line = String.format("[%s] %3.0f%% %s step %d/%d ETA %s loss %.4f",
                bar, fraction * 100, variant, p.doneSteps(), p.totalSteps(), eta, lastLoss);
        if (terminal) {
            err.print("\r" + line);
            drawn = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    private void finishLine() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
