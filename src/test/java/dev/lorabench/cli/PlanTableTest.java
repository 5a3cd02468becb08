package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lorabench.app.form.ExperimentForm;
import dev.lorabench.plan.ExperimentPlan;
import dev.lorabench.plan.PlanException;
import dev.lorabench.plan.PlanField;
import dev.lorabench.report.RunJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The plan table end to end: every field given on the command line reaches the plan, run.json's
 * config and the form's saved settings, and comes back unchanged; a bad value names its field.
 */
class PlanTableTest {

    /**
     * One non-default value per field: the field, its command-line arguments, then the run.json
     * config entries it makes ("key=json", separated by "; ").
     */
    private static final String TABLE = """
            PRESET | --preset vgg-mnist | preset="vgg-mnist"
            MODEL | --model resnet | model="resnet"
            DATASET | --dataset folder:/data/pets | dataset="folder:/data/pets"
            BASE_DATASET | --base-dataset idx:/data/digits | baseDataset="idx:/data/digits"
            BASE_EPOCHS | --base-epochs 3 | baseEpochs=3
            FINETUNE_EPOCHS | --finetune-epochs 2 | finetuneEpochs=2
            FINETUNE_STEPS | --finetune-steps 7 | finetuneSteps=7
            BATCH_SIZE | --batch-size 16 | batchSize=16
            LR | --lr 0.005 | lr=0.005; optimizer="adam"
            SEED | --seed 9 | seed=9
            SEEDS | --seeds 3 | seeds=3
            CLASSES | --finetune-classes 5,2 | finetuneClasses="2,5"
            COMPANION_CLASSES | --companion-classes 7,1 | companionClasses="1,7"
            REPLAY | --replay 0.25 | replay=0.25
            RANKS | --ranks 3,2 | ranks=[2,3]
            ALPHA | --alpha 4 | alpha=4.0
            RS_LORA | --rslora | rsLora=true
            FULL | --no-full | full=false
            VARIANTS | --variants full,rslora:64,loraplus:4:8,LoRA:1 | variants="lora:1,loraplus:4:8,rslora:64,full"
            RANK_PATTERN | --rank-pattern layer1.0.main.conv1=8,conv1=4 | rankPattern="conv1=4,layer1.0.main.conv1=8"
            ALPHA_PATTERN | --alpha-pattern conv1=16,layer2.0.main.conv1=0.5 | alphaPattern="conv1=16,layer2.0.main.conv1=0.5"
            TARGETS | --targets conv | targets="conv"
            TRAIN_LIMIT | --train-limit 100 | trainLimit=100
            TEST_LIMIT | --test-limit 50 | testLimit=50
            BASE_FILE | --base /data/base.safetensors | base="/data/base.safetensors"
            SPLIT | --split 0.6,0.2 | trainFraction=0.6; validationFraction=0.2
            IMAGE_SIZE | --image-size 32 | imageSize=32
            RGB | --rgb | rgb=true
            EARLY_STOPPING | --early-stopping 2 | earlyStopping=2
            NEW_HEAD | --new-head | newHead=true
            SCHEDULE | --schedule sequential | schedule="sequential"
            SECTION7 | --section7 | section7=true
            """;

    /** Field → {arguments, config entries...}. */
    private static final Map<PlanField, String[]> GIVEN = new EnumMap<>(PlanField.class);

    static {
        TABLE.lines().map(l -> l.split(" \\| ")).forEach(row -> {
            List<String> cells = new ArrayList<>(List.of(row[1]));
            cells.addAll(List.of(row[2].split("; ")));
            GIVEN.put(PlanField.valueOf(row[0]), cells.toArray(String[]::new));
        });
    }

    static ExperimentPlan parse(String... args) {
        CommandLine cli = Cli.commandLine();
        List<String> argv = new ArrayList<>(List.of("run"));
        argv.addAll(List.of(args));
        cli.parseArgs(argv.toArray(String[]::new));
        RunCommand run = cli.getSubcommands().get("run").getCommand();
        return run.plan();
    }

    @Test
    void everyFieldHasAnOptionAndAValueInThisTest() {
        for (PlanField f : PlanField.values()) {
            assertNotNull(GIVEN.get(f), f + " needs a row in GIVEN");
            assertTrue(GIVEN.get(f)[0].startsWith(f.cliName() + " ") || GIVEN.get(f)[0].equals(f.cliName())
                    || (f.negatable() && GIVEN.get(f)[0].equals("--no-" + f.cliName().substring(2))), f.toString());
            assertNotNull(Cli.commandLine().getSubcommands().get("run").getCommandSpec().findOption(f.cliName()),
                    f.cliName());
        }
    }

    @Test
    void everyFieldRoundTripsThroughCliRunJsonAndTheFormsSettings() {
        List<String> args = new ArrayList<>();
        GIVEN.values().forEach(g -> args.addAll(List.of(g[0].split(" "))));
        ExperimentPlan plan = parse(args.toArray(String[]::new));

        // run.json's config holds exactly the written values (and nothing is lost on the way).
        JsonObject config = RunJson.config(plan);
        int keys = 0;
        for (PlanField f : PlanField.values()) {
            String[] row = GIVEN.get(f);
            for (int i = 1; i < row.length; i++) {
                String key = row[i].substring(0, row[i].indexOf('='));
                String json = row[i].substring(row[i].indexOf('=') + 1);
                assertEquals(JsonParser.parseString(json).toString(), String.valueOf(config.get(key)), f + " → config." + key);
                keys++;
            }
        }
        assertEquals(keys, config.size(), "config has one entry per table key: " + config.keySet());

        // Each value also survives the form's text fields (format, then parse).
        for (PlanField f : PlanField.values()) {
            Object value = f.value(plan);
            assertEquals(value, f.parse(f.format(value)), f + " text round trip");
        }

        // The form shows the plan, saves it, and a fresh form loads the same plan back.
        ExperimentForm form = new ExperimentForm();
        form.fill(plan);
        form.trainLimitProperty().set("100"); // limits are the user's: a fill keeps them
        form.testLimitProperty().set("50");
        assertEquals("", form.problemProperty().get());
        assertEquals(plan, form.plan());
        Properties saved = new Properties();
        form.save(saved, "p.");
        for (PlanField f : PlanField.values()) {
            f.settingsKeys().forEach(k -> assertTrue(saved.containsKey("p." + k), f + " saves " + k));
        }
        ExperimentForm restored = new ExperimentForm();
        restored.load(saved, "p.");
        assertEquals(plan, restored.plan());
    }

    /** A bad value for each field (the field, then the arguments). */
    private static final String REFUSALS = """
            PRESET | --preset llama
            MODEL | --model gpt
            DATASET | --dataset synthetic
            BASE_EPOCHS | --base-epochs 0
            FINETUNE_EPOCHS | --finetune-epochs 0
            FINETUNE_STEPS | --finetune-steps -1
            BATCH_SIZE | --batch-size 0
            LR | --lr -1
            SEEDS | --seeds 0
            SEEDS | --seeds 21
            CLASSES | --finetune-classes three
            COMPANION_CLASSES | --companion-classes one
            COMPANION_CLASSES | --companion-classes worst
            COMPANION_CLASSES | --finetune-classes 3,6,8 --companion-classes 1,8
            COMPANION_CLASSES | --model linear --dataset synthetic --companion-classes 1
            REPLAY | --replay 2
            RANKS | --ranks 0
            RANKS | --variants lora:0
            VARIANTS | --variants dora
            VARIANTS | --variants lora:4,lora:4
            VARIANTS | --variants lora:4:2
            VARIANTS | --variants loraplus:4:0.5
            VARIANTS | --variants qlora:4
            ALPHA | --alpha 0
            RANK_PATTERN | --rank-pattern 0=0
            RANK_PATTERN | --rank-pattern 0=two
            RANK_PATTERN | --rank-pattern 0=4,0=8
            RANK_PATTERN | --rank-pattern =4
            ALPHA_PATTERN | --alpha-pattern 2=-1
            ALPHA_PATTERN | --alpha-pattern 2
            TARGETS | --targets heads
            TRAIN_LIMIT | --train-limit -1
            TEST_LIMIT | --test-limit -1
            SPLIT | --split 0.9,0.2
            SPLIT | --split 0.5
            IMAGE_SIZE | --image-size 2
            EARLY_STOPPING | --early-stopping -1
            NEW_HEAD | --new-head
            SCHEDULE | --schedule later
            """;

    static Stream<Arguments> refusals() {
        return REFUSALS.lines().map(l -> l.split(" \\| ")).map(c -> Arguments.of(PlanField.valueOf(c[0]), c[1]));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void aRefusedValueNamesItsField(PlanField field, String args) {
        String[] argv = args.split(" ");
        PlanException refusal = assertThrows(PlanException.class, () -> parse(argv));
        assertFalse(refusal.getMessage().contains("\n"), "one line");
        assertEquals(field, refusal.field(), refusal.getMessage());
    }

    @Test
    void theFormMarksTheFieldABuilderRefusalNames() {
        ExperimentForm form = new ExperimentForm();
        form.replayProperty().set("2");
        assertEquals("replay must be in [0, 1] but was 2.0", form.errorProperty(PlanField.REPLAY).get());
        form.replayProperty().set("0");
        form.imageSizeProperty().set("2");
        assertEquals("image size must be in 4..512 but was 2", form.errorProperty(PlanField.IMAGE_SIZE).get());
        form.imageSizeProperty().set("28");
        // The 10→5 regressor's one layer holds rank 5 at most.
        form.architectureProperty().set(dev.lorabench.model.Architecture.LINEAR);
        form.rankProperty(6).set(true);
        assertEquals("rank must be in 1..5 for the linear model's targeted layers but was 6",
                form.errorProperty(PlanField.RANKS).get(), "the CLI's bound, in the form");
        form.rankProperty(6).set(false);
        form.rankProperty(5).set(true);
        assertEquals("", form.problemProperty().get(), "rank 5 fits the regressor's 5 outputs");
        assertEquals(5, form.maxRankProperty().get());
    }

    @Test
    void aLoadedBaseKeepsItsPathInRunJson() {
        ExperimentPlan plan = parse("--base", Path.of("/tmp/b.params").toString());
        assertEquals(0, plan.base().epochs(), "a loaded base trains no further unless asked");
        assertEquals("/tmp/b.params", RunJson.config(plan).get("base").getAsString());
    }
}
