package dev.lorabench.app.form;

import dev.lorabench.plan.FineTune;
import dev.lorabench.plan.PlanField;
import atlantafx.base.theme.Styles;
import dev.lorabench.plan.LoraMethod;
import dev.lorabench.plan.Schedule;
import dev.lorabench.train.RunOptions;
import java.util.List;
import javafx.util.StringConverter;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;

/**
 * The Ranks panel: LoRA ranks, the full fine-tune baseline, the fine-tune settings and what the
 * analysis after them measures.
 */
public final class RanksPanel {

    private RanksPanel() {}

    /**
     * @param fullTestAnalysis the run option (not the plan's) for the analysis on the whole test
     *     set, {@code run --full-test-analysis}
     */
    public static TitledPane build(ExperimentForm form, BooleanProperty fullTestAnalysis) {
        GridPane grid = Fields.grid();

        FlowPane variants = new FlowPane(10, 6);
        variants.setId("rankChecks");
        CheckBox allRanks = new CheckBox("every rank");
        allRanks.setId("allRanksCheck");
        int[] shown = {0};
        Runnable addRankChecks = () -> {
            while (shown[0] < form.rankCountProperty().get()) {
                int r = ++shown[0];
                CheckBox check = Fields.check("rank" + r + "Check", "r" + r, form.rankProperty(r));
                // The quick choices (1, 2, 4, …, 64) up to what the model's targeted layers hold, every
                // rank on request; a rank once chosen stays in view, and one above the bound shows while
                // set (the error says why).
                BooleanProperty chosen = new SimpleBooleanProperty(check.isSelected());
                check.selectedProperty().addListener((obs, was, now) -> chosen.set(chosen.get() || now));
                check.visibleProperty().bind(form.maxRankProperty().greaterThanOrEqualTo(r)
                        .and(allRanks.selectedProperty().or(new SimpleBooleanProperty(isQuickChoice(r))).or(chosen))
                        .or(check.selectedProperty()));
                check.managedProperty().bind(check.visibleProperty());
                variants.getChildren().add(r - 1, check);
            }
        };
        addRankChecks.run();
        form.rankCountProperty().addListener((obs, was, now) -> addRankChecks.run());
        variants.getChildren().add(Fields.check("fullCheck", "full fine-tune baseline", form.fullProperty()));
        variants.getChildren().add(allRanks);
        Fields.wide(grid, new Label("LoRA ranks"));
        Fields.wide(grid, variants);
        Label rankError = new Label();
        rankError.setId("ranksError");
        rankError.setWrapText(true);
        rankError.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        rankError.textProperty().bind(form.errorProperty(PlanField.RANKS));
        rankError.visibleProperty().bind(rankError.textProperty().isNotEmpty());
        rankError.managedProperty().bind(rankError.visibleProperty());
        Fields.wide(grid, rankError);
        Fields.row(grid, "Variants", Fields.text("variantsField", form.variantsProperty(), form.errorProperty(PlanField.VARIANTS),
                "Methods side by side, e.g. lora:1,lora:64,rslora:64,dora:4,pissa:4,loraplus:4:16,full"
                        + " (loraplus:RANK:λ, B's learning rate over A's, default 16); when set it replaces"
                        + " the ranks, rsLoRA and full fine-tune choices"));
        Fields.row(grid, "Add variant", picker(form.variantPicker(), form));
        Fields.row(grid, "Rank per layer", Fields.text("rankPatternField", form.rankPatternProperty(),
                form.errorProperty(PlanField.RANK_PATTERN), "Per-layer ranks overriding each variant's, e.g. 0=8,2=4"
                        + " (layer paths as PEFT names the modules; PEFT's rank_pattern)"));
        Fields.row(grid, "α per layer", Fields.text("alphaPatternField", form.alphaPatternProperty(),
                form.errorProperty(PlanField.ALPHA_PATTERN), "Per-layer α overriding α, e.g. 0=16 (PEFT's alpha_pattern)"));

        Fields.row(grid, "α (alpha)", Fields.text("alphaField", form.alphaProperty(),
                form.errorProperty(PlanField.ALPHA), "LoRA scale numerator: updates are scaled by α/r"));
        Fields.row(grid, "", Fields.check("rsLoraCheck", "rsLoRA (α/√r)", form.rsLoraProperty()));
        ComboBox<String> targets = Fields.choice("targetsCombo", ExperimentForm.TARGET_OPTIONS, form.targetsProperty());
        Fields.markInvalid(targets, form.errorProperty(PlanField.TARGETS), "Layers to adapt: linear, conv or all");
        Fields.row(grid, "Adapt layers", targets);
        Fields.row(grid, "Fine-tune epochs", Fields.text("finetuneEpochsField", form.finetuneEpochsProperty(),
                form.errorProperty(PlanField.FINETUNE_EPOCHS), "Epochs over the fine-tune rows (at least 1)"));
        Fields.row(grid, "Step limit", Fields.text("finetuneStepsField", form.finetuneStepsProperty(),
                form.errorProperty(PlanField.FINETUNE_STEPS), "Stop each fine-tune after N steps (0: run all epochs)"));
        Fields.row(grid, "Seed", Fields.text("seedField", form.seedProperty(),
                form.errorProperty(PlanField.SEED), "Random seed for initialisation and shuffles"));
        Fields.row(grid, "Seeds", Fields.text("seedsField", form.seedsProperty(), form.errorProperty(PlanField.SEEDS),
                "Fine-tune every variant with this many seeds (the seed, seed + 1, …: adapter initialisation and"
                        + " batch order) on the same base, for the mean and spread over seeds (1–"
                        + FineTune.MAX_SEEDS + ")"));
        ComboBox<Schedule> schedule = Fields.choice("scheduleCombo", List.of(Schedule.values()), form.scheduleProperty());
        schedule.setConverter(new StringConverter<>() {
            @Override public String toString(Schedule s) { return s == null ? "" : s.id(); }
            @Override public Schedule fromString(String text) { return Schedule.byId(text); }
        });
        Fields.markInvalid(schedule, form.errorProperty(PlanField.SCHEDULE),
                "lockstep: one pass over the data trains all variants; sequential: one variant after another");
        Fields.row(grid, "Schedule", schedule);
        CheckBox section7 = Fields.check("section7Check", "LoRA §7 & intruders", form.section7Property());
        section7.setTooltip(new javafx.scene.control.Tooltip("After the fine-tunes, also compare the A factors of"
                + " ranks 8 and 64 and of two seeds (φ), amplification and intruder dimensions per layer and variant:"
                + " a dense SVD of W + ΔW each, seconds per variant on the MLP's 2000×1000 layer"));
        Fields.row(grid, "Analysis", section7);
        CheckBox wholeTest = Fields.check("fullTestAnalysisCheck", "on the whole test set", fullTestAnalysis);
        wholeTest.setTooltip(new Tooltip("Run the truncation curve and the merge checks on every test row instead"
                + " of a class-stratified subset of " + RunOptions.ANALYSIS_SUBSET_ROWS + " spread over the test set:"
                + " 17 passes and one per LoRA variant over the whole set (--full-test-analysis)"));
        Fields.row(grid, "", wholeTest);

        TitledPane pane = new TitledPane("Ranks", grid);
        pane.setId("ranksPane");
        pane.setGraphic(new FontIcon(MaterialDesignF.FORMAT_LIST_NUMBERED));
        return pane;
    }

    /**
     * Method, rank (the quick choices up to the model's bound) and LoRA+'s λ, with Add, "+ full"
     * and Clear: the Variants field without typing.
     */
    private static VBox picker(VariantPicker picker, ExperimentForm form) {
        ComboBox<LoraMethod> method = Fields.choice("methodPick", List.of(LoraMethod.values()), picker.methodProperty());
        method.setConverter(new StringConverter<>() {
            @Override public String toString(LoraMethod m) { return m == null ? "" : m.id(); }
            @Override public LoraMethod fromString(String text) { return LoraMethod.byId(text); }
        });
        ComboBox<Integer> rank = Fields.choice("rankPick", VariantPicker.QUICK_RANKS, picker.rankProperty());
        Runnable bound = () -> rank.getItems().setAll(VariantPicker.QUICK_RANKS.stream()
                .filter(r -> form.maxRankProperty().get() <= 0 || r <= form.maxRankProperty().get()).toList());
        form.maxRankProperty().addListener((obs, was, now) -> bound.run());
        bound.run();
        TextField ratio = new TextField();
        ratio.setId("ratioPick");
        ratio.setPrefColumnCount(3);
        ratio.textProperty().bindBidirectional(picker.ratioProperty());
        ratio.setTooltip(new Tooltip("LoRA+'s λ: B's learning rate over A's"));
        ratio.visibleProperty().bind(picker.methodProperty().isEqualTo(LoraMethod.LORAPLUS));
        ratio.managedProperty().bind(ratio.visibleProperty());
        Button add = new Button("Add");
        add.setId("addVariantButton");
        add.setOnAction(e -> picker.add());
        Button full = new Button("+ full");
        full.setId("addFullButton");
        full.setOnAction(e -> picker.addFull());
        Button clear = new Button("Clear");
        clear.setId("clearVariantsButton");
        clear.setOnAction(e -> picker.clear());
        Label error = new Label();
        error.setId("variantPickError");
        error.setWrapText(true);
        error.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        error.textProperty().bind(picker.errorProperty());
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        return new VBox(4, new FlowPane(6, 4, method, rank, ratio, add, full, clear), error);
    }

    /** The ranks offered without "every rank": 1 and the powers of two up to 64. */
    static boolean isQuickChoice(int rank) {
        return Integer.bitCount(rank) == 1;
    }
}
