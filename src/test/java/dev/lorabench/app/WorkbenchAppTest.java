package dev.lorabench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import dev.lorabench.app.form.ExperimentForm;
import dev.lorabench.plan.LoraMethod;
import dev.lorabench.data.DatasetState;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real {@link WorkbenchApp} on a headless Monocle stage and pokes at the shell. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchAppTest {

    @TempDir
    static Path temp;
    private static String oldCache;

    private Stage stage;
    private WorkbenchApp app;

    @BeforeAll
    static void isolate() {
        System.setProperty(AppSettings.CONFIG_DIR_PROPERTY, temp.resolve("config").toString());
        // An empty cache: MNIST is missing, so Run must offer to fetch it.
        oldCache = System.getProperty("lorabench.cache.dir");
        System.setProperty("lorabench.cache.dir", temp.resolve("cache").toString());
    }

    @AfterAll
    static void restore() {
        System.clearProperty(AppSettings.CONFIG_DIR_PROPERTY);
        if (oldCache != null) {
            System.setProperty("lorabench.cache.dir", oldCache);
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new WorkbenchApp();
        app.start(stage);
    }

    @AfterEach
    void resetTheme() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            app.window().dispose();
            AppTheme.LIGHT.apply();
            Window.getWindows().stream().filter(w -> w != stage).toList().forEach(Window::hide);
        }).get();
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
    void toolbarButtonsHaveIconsAndStartInTheIdleState(FxRobot robot) {
        for (String id : List.of("#runButton", "#cancelButton", "#exportButton", "#presetMenu")) {
            ButtonBase button = robot.lookup(id).queryAs(ButtonBase.class);
            assertNotNull(button, id);
            assertTrue(button.getGraphic() instanceof FontIcon, id + " has an ikonli icon");
        }
        assertEquals("Run", robot.lookup("#runButton").queryButton().getText());
        assertFalse(robot.lookup("#runButton").queryButton().isDisabled(), "the default plan builds");
        assertTrue(robot.lookup("#cancelButton").queryButton().isDisabled(), "nothing to cancel");
        assertTrue(robot.lookup("#exportButton").queryAs(ButtonBase.class).isDisabled(), "nothing to export");
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
        for (String id : List.of("#lossChart", "#classErrorChart", "#summaryTable", "#historyList",
                "#architectureCombo", "#datasetCombo", "#classChips", "#rankChecks", "#smoothingSlider")) {
            assertNotNull(robot.lookup(id).query(), id);
        }
    }

    /**
     * The MLP's largest layer holds rank 1000 (its 10-class head is capped at 10): the quick choices
     * up to 64, every rank on request, and the variants field.
     */
    @Test
    void theRanksPanelOffersQuickChoicesAndVariants(FxRobot robot) {
        ExperimentForm form = app.viewModel().form();
        assertEquals(64, form.maxRankProperty().get());
        assertTrue(robot.lookup("#rank8Check").queryAs(CheckBox.class).isVisible(), "a quick choice");
        assertTrue(robot.lookup("#rank64Check").queryAs(CheckBox.class).isVisible(), "the largest quick choice");
        assertTrue(robot.lookup("#rank3Check").queryAs(CheckBox.class).isVisible(), "chosen by default");
        assertFalse(robot.lookup("#rank5Check").queryAs(CheckBox.class).isVisible(), "not a quick choice");
        assertTrue(robot.lookup("#rank65Check").tryQuery().isEmpty(), "above the form's ceiling");
        robot.interact(() -> robot.lookup("#allRanksCheck").queryAs(CheckBox.class).fire());
        assertTrue(robot.lookup("#rank5Check").queryAs(CheckBox.class).isVisible(), "every rank on request");
        assertTrue(robot.lookup("#rank37Check").queryAs(CheckBox.class).isVisible(), "every rank up to 64");
        assertTrue(robot.lookup("#rank65Check").tryQuery().isEmpty(), "still bounded");
        robot.interact(() -> robot.lookup("#variantsField").queryAs(TextField.class).setText("dora:4,loraplus:2:8,full"));
        assertEquals("dora:4,loraplus:2:8,full", form.variantsProperty().get());
        assertEquals(List.of("loraplus-r2-l8", "dora-r4", "full"),
                form.plan().variants().stream().map(v -> v.name()).toList());
        // The picker: a method and a quick-choice rank, then Add.
        robot.interact(() -> {
            robot.lookup("#methodPick").queryComboBox().getSelectionModel().select(LoraMethod.PISSA);
            robot.lookup("#rankPick").queryComboBox().getSelectionModel().select(Integer.valueOf(64));
        });
        robot.interact(() -> robot.lookup("#addVariantButton").queryButton().fire());
        assertEquals("loraplus:2:8,dora:4,pissa:64,full", form.variantsProperty().get());
    }

    @Test
    void parameterCountIsShownForTheArchitecture(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#parameterCountLabel").queryAs(Label.class).getText().endsWith(" parameters"));
        assertEquals("2,807,010 parameters", robot.lookup("#parameterCountLabel").queryAs(Label.class).getText());
    }

    @Test
    void invalidValuesAreMarkedAndDisableRun(FxRobot robot) {
        TextField lr = robot.lookup("#lrField").queryAs(TextField.class);
        Button run = robot.lookup("#runButton").queryButton();
        assertFalse(run.isDisabled());

        robot.interact(lr::clear);
        robot.clickOn(lr).write("-1");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(run.isDisabled(), "Run disabled while lr is -1");
        assertTrue(lr.getPseudoClassStates().contains(Styles.STATE_DANGER), "lr field marked");
        assertTrue(lr.getTooltip().getText().startsWith("lr must be positive"), lr.getTooltip().getText());

        robot.interact(lr::clear);
        robot.clickOn(lr).write("0.001");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(run.isDisabled());
        assertFalse(lr.getPseudoClassStates().contains(Styles.STATE_DANGER));

        TextField batch = robot.lookup("#batchSizeField").queryAs(TextField.class);
        robot.interact(batch::clear);
        robot.clickOn(batch).write("0");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(run.isDisabled(), "Run disabled while batch size is 0");
        assertTrue(batch.getPseudoClassStates().contains(Styles.STATE_DANGER));
        assertEquals("batch size must be at least 1 but was 0", batch.getTooltip().getText());
        robot.interact(() -> batch.setText("10"));
        assertFalse(run.isDisabled());
    }

    /** The seeds field of the Ranks panel sets the plan's seed count and marks a count out of 1..20. */
    @Test
    void theSeedsFieldSetsHowManySeedsEachVariantGets(FxRobot robot) {
        ExperimentForm form = app.viewModel().form();
        TextField seeds = robot.lookup("#seedsField").queryAs(TextField.class);
        Button run = robot.lookup("#runButton").queryButton();
        assertEquals("1", seeds.getText(), "one seed by default");
        robot.interact(() -> seeds.setText("3"));
        assertEquals(3, form.plan().finetune().seeds());
        robot.interact(() -> seeds.setText("0"));
        assertTrue(run.isDisabled(), "Run disabled while seeds is 0");
        assertTrue(seeds.getPseudoClassStates().contains(Styles.STATE_DANGER));
        assertEquals("seeds must be in 1..20 but was 0", seeds.getTooltip().getText());
        robot.interact(() -> seeds.setText("1"));
        assertFalse(run.isDisabled());
    }

    @Test
    void newHeadCheckNeedsALoadedStateDict(FxRobot robot) {
        ExperimentForm form = app.viewModel().form();
        CheckBox newHead = robot.lookup("#newHeadCheck").queryAs(CheckBox.class);
        TextField epochs = robot.lookup("#baseEpochsField").queryAs(TextField.class);
        assertNotNull(newHead);
        assertTrue(newHead.isDisabled(), "disabled while the base is trained now");
        assertFalse(epochs.isDisabled());

        robot.clickOn("#loadBaseRadio");
        robot.interact(() -> form.baseFileProperty().set(temp.resolve("base.params").toString()));
        assertTrue(form.loadBaseProperty().get());
        assertTrue(newHead.isDisabled(), "a base.params file always fits its model");
        assertTrue(epochs.isDisabled(), "a loaded base is used as it is");

        robot.interact(() -> form.baseFileProperty().set(temp.resolve("resnet5.safetensors").toString()));
        assertFalse(newHead.isDisabled());
        robot.interact(newHead::fire);
        assertTrue(form.newHeadProperty().get());
        assertFalse(epochs.isDisabled(), "the new head trains for the base epochs");
        assertTrue(form.plan().base().newHead());

        robot.clickOn("#trainBaseRadio");
        assertTrue(newHead.isDisabled());
        robot.interact(() -> form.newHeadProperty().set(false));
    }

    @Test
    void runWithAMissingDatasetOffersToFetchIt(FxRobot robot) throws Exception {
        WorkbenchViewModel vm = app.viewModel();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.dataset().stateProperty().get() != null);
        assertEquals(DatasetState.MISSING, vm.dataset().stateProperty().get());
        assertFalse(robot.lookup("#fetchButton").queryButton().isDisabled(), "Fetch offered in the panel");

        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertNotNull(dialog, "a dialog offers the fetch");
        assertTrue(dialog.getButtonTypes().contains(AlertPrompts.FETCH));
        assertFalse(vm.runningProperty().get());
        Node cancel = dialog.lookupButton(javafx.scene.control.ButtonType.CANCEL);
        robot.clickOn(cancel);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(vm.dataset().fetchingProperty().get(), "cancelled: no fetch");
        assertEquals("Run not started: MNIST is not in the cache",
                robot.lookup("#statusLabel").queryAs(javafx.scene.control.Label.class).getText());
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
