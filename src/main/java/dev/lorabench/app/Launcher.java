package dev.lorabench.app;

import dev.lorabench.Offline;
import dev.lorabench.cli.Cli;
import javafx.application.Application;

/**
 * Entry point. With no arguments it opens the window; with arguments it runs the command line.
 * It does not extend {@link Application}, so the JavaFX runtime may sit on the plain class path.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) {
        Offline.enforce();
        if (args.length == 0) {
            Application.launch(WorkbenchApp.class);
        } else {
            System.exit(Cli.run(args));
        }
    }
}
