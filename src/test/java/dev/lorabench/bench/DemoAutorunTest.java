package dev.lorabench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The screenshot tool's arguments: what it accepts and the one-line refusals. */
class DemoAutorunTest {

    @Test
    void namedArgumentsBecomeSettings() {
        DemoAutorun demo = DemoAutorun.parse("--preset=mlp-mnist", "--trainLimit=2000", "--hide=base, full",
                "--tab=tabDeltaW", "--seeds=5");
        assertEquals(new DemoAutorun("mlp-mnist", "2000", "", "", List.of("base", "full"), "tabDeltaW", "", "5", List.of(), true, false), demo);
    }

    @Test
    void refusesWhatItCannotUse() {
        assertEquals("--preset must name a preset but was missing",
                assertThrows(IllegalArgumentException.class, () -> DemoAutorun.parse("--tab=x")).getMessage());
        assertEquals("--testLimit must be a whole number but was ten",
                assertThrows(IllegalArgumentException.class,
                        () -> DemoAutorun.parse("--preset=mlp-mnist", "--testLimit=ten")).getMessage());
        assertEquals("demo arguments are --name=value but one was mlp-mnist",
                assertThrows(IllegalArgumentException.class, () -> DemoAutorun.parse("mlp-mnist")).getMessage());
        assertEquals("--autorun is not a demo argument (known: [preset, trainLimit, testLimit, finetuneSteps, hide,"
                        + " tab, layer, seeds, hideBars, reuseBases, exit])",
                assertThrows(IllegalArgumentException.class,
                        () -> DemoAutorun.parse("--preset=mlp-mnist", "--autorun=x")).getMessage());
        assertEquals("--exit must be true or false but was yes",
                assertThrows(IllegalArgumentException.class,
                        () -> DemoAutorun.parse("--preset=mlp-mnist", "--exit=yes")).getMessage());
    }

    @Test
    void timingScriptsRetrainTheBaseAndExit() {
        DemoAutorun demo = DemoAutorun.parse("--preset=mlp-mnist", "--reuseBases=false", "--exit=true");
        assertEquals(false, demo.reuseBases());
        assertEquals(true, demo.exitWhenDone());
    }
}
