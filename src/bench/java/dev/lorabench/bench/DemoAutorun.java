package dev.lorabench.bench;

import dev.lorabench.app.MainWindow;
import dev.lorabench.app.WorkbenchViewModel;
import dev.lorabench.app.analysis.DeltaWViewModel;
import dev.lorabench.app.form.ExperimentForm;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.StringProperty;

/**
 * What the screenshot tool does once the window is up: {@code --preset=NAME} fills the panels from
 * the preset and presses Run. Optional {@code --trainLimit=N}, {@code --testLimit=N} and
 * {@code --finetuneSteps=N} and {@code --seeds=N} override the preset's values, {@code --hide=base,...} unticks loss
 * series in the legend, {@code --hideBars=full,...} class-error bar series; {@code --tab=tabDeltaW} (a tab id of {@link MainWindow#tabs()}) shows that
 * tab once the run finished, and {@code --layer=PATH} picks the ΔW lab's layer. {@code
 * --reuseBases=false} unticks "Reuse cached bases" (the base is trained again, as the CLI's {@code
 * --no-base-cache}); {@code --exit=true} ends the process once the run is done (timing scripts).
 * When the run ends it prints one line starting with {@code lorabench demo:} to standard output,
 * for scripts that wait: the status line, the seconds from the process's start (the OS's clock,
 * JVM start-up included) until the finished run was shown (curves, table and analysis tabs loaded)
 * and the process's CPU seconds (all threads) until then; see tools/window-vs-cli.sh.
 * (Until step 2 these were the {@code lorabench.demo.*} system properties of the product.)
 */
record DemoAutorun(
        String preset, String trainLimit, String testLimit, String finetuneSteps, List<String> hide, String tab,
        String layer, String seeds, List<String> hideBars, boolean reuseBases, boolean exitWhenDone) {

    private static final List<String> KEYS = List.of("preset", "trainLimit", "testLimit", "finetuneSteps", "hide",
            "tab", "layer", "seeds", "hideBars", "reuseBases", "exit");

    DemoAutorun {
        hide = List.copyOf(hide);
        hideBars = List.copyOf(hideBars);
    }

    /** The settings from {@code --name=value} arguments; refuses anything else in one line. */
    static DemoAutorun parse(String... args) {
        Map<String, String> named = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("demo arguments are --name=value but one was " + arg);
            }
            named.put(arg.substring(2, eq), arg.substring(eq + 1).trim());
        }
        return of(named);
    }

    /** The settings from JavaFX's named parameters; refuses an unknown name or a bad number. */
    static DemoAutorun of(Map<String, String> named) {
        for (String key : named.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("--" + key + " is not a demo argument (known: " + KEYS + ")");
            }
        }
        String preset = named.getOrDefault("preset", "");
        if (preset.isBlank()) {
            throw new IllegalArgumentException("--preset must name a preset but was missing");
        }
        for (String key : List.of("trainLimit", "testLimit", "finetuneSteps", "seeds")) {
            String v = named.getOrDefault(key, "");
            if (!v.isBlank() && !v.matches("\\d+")) {
                throw new IllegalArgumentException("--" + key + " must be a whole number but was " + v);
            }
        }
        for (String key : List.of("reuseBases", "exit")) {
            String v = named.getOrDefault(key, "");
            if (!v.isBlank() && !v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("--" + key + " must be true or false but was " + v);
            }
        }
        List<String> hide = names(named.getOrDefault("hide", ""));
        List<String> hideBars = names(named.getOrDefault("hideBars", ""));
        return new DemoAutorun(preset.trim(), named.getOrDefault("trainLimit", ""), named.getOrDefault("testLimit", ""),
                named.getOrDefault("finetuneSteps", ""), hide, named.getOrDefault("tab", "").trim(),
                named.getOrDefault("layer", "").trim(), named.getOrDefault("seeds", ""), hideBars,
                !"false".equals(named.get("reuseBases")), "true".equals(named.get("exit")));
    }

    /** Applies the settings and starts the run; call on the FX thread. */
    void start(WorkbenchViewModel vm, MainWindow window) {
        vm.applyPreset(preset);
        ExperimentForm form = vm.form();
        set(form.trainLimitProperty(), trainLimit);
        set(form.testLimitProperty(), testLimit);
        set(form.finetuneStepsProperty(), finetuneSteps);
        set(form.seedsProperty(), seeds);
        vm.reuseBasesProperty().set(reuseBases);
        hide.forEach(series -> vm.charts().seriesVisibleProperty(series).set(false));
        hideBars.forEach(series -> vm.charts().barVisibleProperty(series).set(false));
        vm.runningProperty().addListener((obs, was, now) -> {
            if (!now) {
                if (!tab.isEmpty()) {
                    window.selectTab(tab);
                }
                DeltaWViewModel lab = vm.analysis().deltaW();
                if (!layer.isEmpty() && lab.layers().contains(layer)) {
                    lab.layerProperty().set(layer);
                }
                // After the finished run's redraw and the analysis tabs' load, which ran in this pulse.
                long ended = System.nanoTime();
                Platform.runLater(() -> done(vm, ended));
            }
        });
        // What the window cost before the run began (start-up: JVM, toolkit, building the window).
        ProcessHandle.Info self = ProcessHandle.current().info();
        System.err.printf(Locale.ROOT, "lorabench demo: run started %.1f s after the process started, %.1f s CPU%n",
                Duration.between(self.startInstant().orElseThrow(), Instant.now()).toMillis() / 1000.0,
                self.totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
        if (!vm.run()) {
            System.out.println("lorabench demo: " + vm.statusProperty().get());
            if (exitWhenDone) {
                System.exit(1);
            }
        }
    }

    private void done(WorkbenchViewModel vm, long endedNanos) {
        System.err.printf(Locale.ROOT, "lorabench demo: %.2f s from the run's end to its results shown%n",
                (System.nanoTime() - endedNanos) / 1e9);
        ProcessHandle.Info self = ProcessHandle.current().info();
        Instant start = self.startInstant().orElseThrow();
        double cpu = self.totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "lorabench demo: %s (shown %.1f s after the process started, %.1f s CPU)%n",
                vm.statusProperty().get(), Duration.between(start, Instant.now()).toMillis() / 1000.0, cpu);
        // Where it went, for whoever wonders (stderr: the line above is what scripts read).
        ThreadCpu.lines().forEach(line -> System.err.println("lorabench demo: thread CPU " + line));
        System.out.flush();
        if (exitWhenDone) {
            System.exit(0); // the run is over; nothing is left to save but the (throw-away) settings
        }
    }

    private static List<String> names(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    private static void set(StringProperty target, String value) {
        if (!value.isBlank()) {
            target.set(value.trim());
        }
    }
}
