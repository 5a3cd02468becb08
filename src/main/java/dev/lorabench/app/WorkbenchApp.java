package dev.lorabench.app;

import dev.lorabench.app.form.ParameterCounter;
import dev.lorabench.data.DatasetCache;
import dev.lorabench.train.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The JavaFX application: creates the executors, the view-model and the {@link MainWindow},
 * restores the remembered settings and window size, and saves them again.
 */
public class WorkbenchApp extends Application {

    public static final String TITLE = "LoRA Workbench";
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 800;
    public static final double MIN_WIDTH = 960;
    public static final double MIN_HEIGHT = 600;

    private static final long STOP_WAIT_SECONDS = 10;

    private ExecutorService training;
    private ExecutorService background;
    private AppSettings settings;
    private WorkbenchViewModel viewModel;
    private MainWindow window;
    private Stage stage;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        settings = AppSettings.atDefaultLocation().load();
        AppTheme theme = themeFrom(settings.values().getProperty("theme"));
        if (theme != null) {
            theme.apply();
        } else if (AppTheme.current() == null) {
            AppTheme.LIGHT.apply();
        }
        training = Executors.newSingleThreadExecutor(daemon("lorabench-training"));
        background = Executors.newFixedThreadPool(2, daemon("lorabench-background"));
        viewModel = new WorkbenchViewModel(new WorkbenchViewModel.Services(
                training, background, Platform::runLater, DatasetCache.atDefaultRoot(),
                DataSource.cached(DatasetCache.atDefaultRoot()), new ParameterCounter()));
        viewModel.loadSettings(settings.values());
        window = new MainWindow(viewModel);

        stage.setTitle(TITLE);
        stage.setScene(new Scene(window.root(),
                Math.max(MIN_WIDTH, settings.getDouble("window.width", WIDTH)),
                Math.max(MIN_HEIGHT, settings.getDouble("window.height", HEIGHT))));
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        Image icon = loadIcon();
        if (icon != null) {
            stage.getIcons().add(icon);
        }
        viewModel.runningProperty().addListener((obs, was, now) -> {
            if (now) {
                saveSettings(false);
            }
        });
        stage.setOnHiding(e -> saveSettings(true));
        stage.show();
        viewModel.start();
        shown(viewModel, window);
    }

    /**
     * Called on the FX thread once the window is up and the view-model started; does nothing. The
     * screenshot tool outside the product (src/bench) overrides it to fill the form and press Run.
     */
    protected void shown(WorkbenchViewModel viewModel, MainWindow window) {
        // The product has nothing to do here.
    }

    @Override
    public void stop() throws InterruptedException {
        if (viewModel != null) {
            viewModel.cancel();
        }
        if (window != null) {
            window.dispose();
        }
        if (background != null) {
            background.shutdown();
            background.awaitTermination(2, TimeUnit.SECONDS);
        }
        if (training != null) {
            // A cancelled run stops at its next step and closes its models itself; the JVM exits
            // after stop(), so wait for that rather than free anything under a running step. A
            // run still busy after the wait is interrupted, which the fit loop also treats as a
            // cancel once the step in flight has ended.
            training.shutdown();
            if (!training.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                training.shutdownNow();
                training.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    /** The view-model behind the window (after {@link #start}). */
    public WorkbenchViewModel viewModel() {
        return viewModel;
    }

    public MainWindow window() {
        return window;
    }

    /** Saves panel values, chart options, theme and window size. */
    void saveSettings(boolean now) {
        Properties values = settings.values();
        viewModel.saveSettings(values);
        if (stage.getScene() != null) {
            values.setProperty("window.width", String.valueOf(stage.getScene().getWidth()));
            values.setProperty("window.height", String.valueOf(stage.getScene().getHeight()));
        }
        AppTheme theme = AppTheme.current();
        if (theme != null) {
            values.setProperty("theme", theme.name());
        }
        Properties snapshot = settings.snapshot();
        Runnable write = () -> {
            try {
                settings.write(snapshot);
            } catch (IOException e) {
                System.err.println("lorabench: could not save settings to " + settings.file() + ": " + e.getMessage());
            }
        };
        if (now || background.isShutdown()) {
            write.run(); // the window is closing; the background threads may not outlive it
        } else {
            background.execute(write);
        }
    }

    private static AppTheme themeFrom(String name) {
        if (name == null) {
            return null;
        }
        try {
            return AppTheme.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static Image loadIcon() {
        try (InputStream in = WorkbenchApp.class.getResourceAsStream("icon.png")) {
            return in == null ? null : new Image(in);
        } catch (IOException e) {
            return null;
        }
    }
}
