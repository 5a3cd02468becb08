package dev.lorabench.app;

import java.io.InputStream;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The JavaFX application: installs the theme and puts the {@link MainWindow} on the stage. */
public class WorkbenchApp extends Application {

    public static final String TITLE = "LoRA Workbench";
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 800;
    public static final double MIN_WIDTH = 960;
    public static final double MIN_HEIGHT = 600;

    @Override
    public void start(Stage stage) {
        if (AppTheme.current() == null) {
            AppTheme.LIGHT.apply();
        }
        MainWindow window = new MainWindow();
        stage.setTitle(TITLE);
        stage.setScene(new Scene(window.root(), WIDTH, HEIGHT));
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        Image icon = loadIcon();
        if (icon != null) {
            stage.getIcons().add(icon);
        }
        stage.show();
    }

    static Image loadIcon() {
        try (InputStream in = WorkbenchApp.class.getResourceAsStream("icon.png")) {
            return in == null ? null : new Image(in);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
