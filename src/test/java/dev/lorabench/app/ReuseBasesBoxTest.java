package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.CheckBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The toolbar's "Reuse cached bases" check box drives the view-model's run option (ADR 0025). */
class ReuseBasesBoxTest extends WorkbenchWindowTest {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Test
    void theCheckBoxIsOnByDefaultAndTurnsReuseOff(FxRobot robot) {
        CheckBox box = robot.lookup("#reuseBases").queryAs(CheckBox.class);
        assertTrue(box.isSelected());
        assertTrue(vm.reuseBasesProperty().get());
        robot.clickOn("#reuseBases");
        assertFalse(box.isSelected());
        assertFalse(vm.reuseBasesProperty().get());
    }
}
