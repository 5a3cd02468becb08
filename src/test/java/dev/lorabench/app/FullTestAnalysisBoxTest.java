package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.CheckBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Ranks panel's "on the whole test set" check box drives the view-model's run option. */
class FullTestAnalysisBoxTest extends WorkbenchWindowTest {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Test
    void theCheckBoxIsOffByDefaultAndTurnsTheWholeTestSetOn(FxRobot robot) {
        CheckBox box = robot.lookup("#fullTestAnalysisCheck").queryAs(CheckBox.class);
        assertFalse(box.isSelected());
        assertFalse(vm.runSettings().options().fullTestAnalysis());
        robot.interact(box::fire);
        assertTrue(box.isSelected());
        assertTrue(vm.runSettings().options().fullTestAnalysis());
        robot.interact(box::fire);
        assertFalse(vm.runSettings().fullTestAnalysisProperty().get());
    }
}
