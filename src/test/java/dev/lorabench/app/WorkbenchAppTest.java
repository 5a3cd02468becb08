package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.List;
import javafx.application.Application;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real {@link WorkbenchApp} on a headless Monocle stage and pokes at the shell. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchAppTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        new WorkbenchApp().start(stage);
    }

    @AfterEach
    void resetTheme() throws Exception {
        WaitForAsyncUtils.asyncFx(AppTheme.LIGHT::apply).get();
    }

    @Test
    void windowHasTitleSizeAndIcon() {
        assertEquals("LoRA Workbench", stage.getTitle());
        assertTrue(stage.isShowing());
        assertEquals(1280, stage.getScene().getWidth(), 1.0);
        assertEquals(800, stage.getScene().getHeight(), 1.0);
        assertEquals(960, stage.getMinWidth(), 0.0);
        assertEquals(600, stage.getMinHeight(), 0.0);
        assertFalse(stage.getIcons().isEmpty(), "stage icon loaded from the classpath");
    }

    @Test
    void toolbarButtonsExistWithIconsAndAreEnabled(FxRobot robot) {
        for (String id : List.of("#runButton", "#cancelButton", "#exportButton")) {
            Button button = robot.lookup(id).queryAs(Button.class);
            assertNotNull(button, id);
            assertTrue(button.getGraphic() instanceof FontIcon, id + " has an ikonli icon");
            assertFalse(button.isDisabled(), id + " is enabled");
        }
        assertEquals("Run", robot.lookup("#runButton").queryButton().getText());
        assertEquals("Cancel", robot.lookup("#cancelButton").queryButton().getText());
        assertEquals("Export", robot.lookup("#exportButton").queryButton().getText());
        // Clicking the placeholders is harmless.
        robot.clickOn("#runButton");
        assertEquals("LoRA Workbench", stage.getTitle());
    }

    @Test
    void sidePanelCentreAndStatusBarArePresent(FxRobot robot) {
        List<String> titles = robot.lookup(node -> node instanceof TitledPane).queryAllAs(TitledPane.class)
                .stream().map(TitledPane::getText).toList();
        assertEquals(List.of("Model", "Dataset", "Ranks"), titles);
        assertEquals("Run an experiment to see live loss curves",
                robot.lookup("#plotPlaceholder").queryAs(Label.class).getText());
        assertEquals("Ready", robot.lookup("#statusLabel").queryAs(Label.class).getText());
        assertNotNull(robot.lookup("#progressBar").queryAs(ProgressBar.class));
    }

    @Test
    void themeToggleSwitchesBetweenPrimerLightAndDark(FxRobot robot) {
        String light = new PrimerLight().getUserAgentStylesheet();
        String dark = new PrimerDark().getUserAgentStylesheet();
        ToggleButton toggle = robot.lookup("#themeToggle").queryAs(ToggleButton.class);

        assertEquals(light, Application.getUserAgentStylesheet());
        assertFalse(toggle.isSelected());

        robot.clickOn("#themeToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(toggle.isSelected());
        assertEquals(dark, Application.getUserAgentStylesheet());
        assertEquals(AppTheme.DARK, AppTheme.current());

        robot.clickOn("#themeToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(toggle.isSelected());
        assertEquals(light, Application.getUserAgentStylesheet());
    }
}
