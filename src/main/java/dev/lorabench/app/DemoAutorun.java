package dev.lorabench.app;

/**
 * A hidden switch for screenshots and demos: {@code -Dlorabench.demo.autorun=PRESET} fills the
 * panels from the preset and presses Run once the window is up. Optional
 * {@code -Dlorabench.demo.trainLimit=N}, {@code -Dlorabench.demo.testLimit=N} and
 * {@code -Dlorabench.demo.finetuneSteps=N} override the preset's values, and
 * {@code -Dlorabench.demo.hide=base,...} unticks loss series in the legend;
 * {@code -Dlorabench.demo.tab=tabDeltaW} (a tab id of {@link MainWindow#tabs()}) shows that tab
 * once the run finished, and {@code -Dlorabench.demo.layer=PATH} picks the ΔW lab's layer. When the run ends it
 * prints one line starting with {@code lorabench demo:} to standard output, for scripts that wait.
 */
final class DemoAutorun {

    static final String PRESET = "lorabench.demo.autorun";

    private DemoAutorun() {}

    /** Whether the demo switch is set. */
    static boolean requested() {
        String preset = System.getProperty(PRESET);
        return preset != null && !preset.isBlank();
    }

    /** Applies the demo settings and starts the run; call on the FX thread. */
    static void start(WorkbenchViewModel vm, MainWindow window) {
        vm.applyPreset(System.getProperty(PRESET).trim());
        ExperimentForm form = vm.form();
        set(form.trainLimitProperty(), "lorabench.demo.trainLimit");
        set(form.testLimitProperty(), "lorabench.demo.testLimit");
        set(form.finetuneStepsProperty(), "lorabench.demo.finetuneSteps");
        String hide = System.getProperty("lorabench.demo.hide", "");
        for (String series : hide.split(",")) {
            if (!series.isBlank()) {
                vm.charts().seriesVisibleProperty(series.trim()).set(false);
            }
        }
        vm.runningProperty().addListener((obs, was, now) -> {
            if (!now) {
                String tab = System.getProperty("lorabench.demo.tab", "");
                if (!tab.isBlank()) {
                    window.selectTab(tab.trim());
                }
                String layer = System.getProperty("lorabench.demo.layer", "");
                DeltaWViewModel lab = vm.analysis().deltaW();
                if (!layer.isBlank() && lab.layers().contains(layer.trim())) {
                    lab.layerProperty().set(layer.trim());
                }
                javafx.application.Platform.runLater(
                        () -> System.out.println("lorabench demo: " + vm.statusProperty().get()));
            }
        });
        if (!vm.run()) {
            System.out.println("lorabench demo: " + vm.statusProperty().get());
        }
    }

    private static void set(javafx.beans.property.StringProperty target, String key) {
        String v = System.getProperty(key);
        if (v != null && !v.isBlank()) {
            target.set(v.trim());
        }
    }
}
