package dev.lorabench.bench;

import dev.lorabench.Offline;
import javafx.application.Application;

/**
 * Opens the workbench and runs a preset by itself, for screenshots and demos (outside the product:
 * target/lorabench-bench.jar). Arguments are {@code --name=value} pairs, see {@link DemoAutorun}.
 * It does not extend {@link Application}, so the JavaFX runtime may sit on the plain class path.
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) {
        Offline.enforce();
        try {
            DemoAutorun.parse(args); // a bad argument is refused before a window opens
        } catch (IllegalArgumentException e) {
            System.err.println("lorabench demo: " + e.getMessage());
            System.exit(2);
        }
        Application.launch(DemoApp.class, args);
    }
}
