package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.analysis.LoraFactors;
import dev.lorabench.analysis.Matrix;
import dev.lorabench.data.Safetensors;
import dev.lorabench.interop.PeftFactors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code lorabench adapter combine} on the PEFT fixture adapters (src/test/resources/peft-combine,
 * made by tools/make_peft_combine_fixtures.py): the folder it writes holds PEFT's own combination
 * of the same inputs (expected.safetensors), and its refusals are one line.
 */
class AdapterCombineCliTest {

    private static final Path FIXTURES = Path.of("src/test/resources/peft-combine");

    @TempDir Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "cat|--type cat --weights 1,-0.5,2 a0 a1 a2",
        "svd|--type svd --weights 1,-0.5,0.8 a0 a1 a2",
        "ties|--type ties --weights 1,-0.6 --density 0.5 a0 a1",
        "ties_frequency|--type ties --weights 0.8,1.1 --density 0.7 --sign-election frequency a0 a1",
        "svd_rank2_clamp|--type svd --weights 1,-1 --svd-rank 2 --svd-clamp 0.9 a0 a2",
    })
    void theWrittenFolderHoldsPeftsOwnCombination(String name, String args) throws Exception {
        Path out = tmp.resolve(name);
        CliHarness cli = new CliHarness();
        String[] words = (String.join(" ", "adapter", "combine", "--out", out.toString(), args)).split(" ");
        for (int i = 0; i < words.length; i++) {
            if (words[i].matches("a\\d")) {
                words[i] = FIXTURES.resolve(words[i]).toString();
            }
        }
        assertEquals(0, cli.run(words), cli::errLines);
        assertTrue(cli.out.toString().startsWith("combined "), cli.out.toString());
        Map<String, Safetensors.Tensor> expected = Safetensors.readAll(FIXTURES.resolve("expected.safetensors"));
        Map<String, LoraFactors> layers = PeftFactors.read(out).factors().layers();
        assertEquals(2, layers.size());
        for (Map.Entry<String, LoraFactors> e : layers.entrySet()) {
            Safetensors.Tensor t = expected.get(name + "/delta/" + e.getKey());
            Matrix peft = Matrix.ofFloats((int) t.shape()[0], (int) t.shape()[1], t.values());
            double diff = e.getValue().delta().maxAbsDifference(peft);
            assertTrue(diff <= 1e-5, name + " " + e.getKey() + ": max |PEFT − lorabench| = " + diff);
        }
    }

    @Test
    void strengthScalesTheResultAndDareKeepsItsMasks() throws Exception {
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        CliHarness cli = new CliHarness();
        String a0 = FIXTURES.resolve("a0").toString();
        String a1 = FIXTURES.resolve("a1").toString();
        assertEquals(0, cli.run("adapter", "combine", "--type", "cat", "--weights", "1,1", "--out", one.toString(), a0, a1),
                cli::errLines);
        assertEquals(0, cli.run("adapter", "combine", "--type", "cat", "--weights", "1,1", "--strength", "-2",
                "--out", two.toString(), a0, a1), cli::errLines);
        Map<String, LoraFactors> base = PeftFactors.read(one).factors().layers();
        Map<String, LoraFactors> scaled = PeftFactors.read(two).factors().layers();
        for (String layer : base.keySet()) {
            Matrix expected = base.get(layer).delta().scale(-2);
            assertTrue(scaled.get(layer).delta().maxAbsDifference(expected) <= 1e-5, layer);
        }
        Path dare = tmp.resolve("dare");
        assertEquals(0, cli.run("adapter", "combine", "--type", "dare_linear", "--weights", "1,0.5", "--density", "0.6",
                "--seed", "3", "--out", dare.toString(), a0, a1), cli::errLines);
        assertTrue(Files.isRegularFile(dare.resolve(PeftFactors.MASKS)), "the drop masks are kept beside the adapter");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "--type linear --weights 1 a0 a1|weights must hold one weight per adapter (2) but were 1",
        "--type average --weights 1 a0|combination type must be one of linear, cat, svd, ties, ties_svd, dare_linear, dare_linear_svd, dare_ties, dare_ties_svd, magnitude_prune, magnitude_prune_svd but was average",
        "--type dare_linear --weights 1,1 a0 a1|density must be set for dare_linear but was not",
        "--type linear --weights 1,1 --density 0.5 a0 a1|density is not used by linear but was 0.5",
    })
    void badCombinationsAreRefusedInOneLine(String args, String message) {
        CliHarness cli = new CliHarness();
        String[] words = ("adapter combine --out " + tmp.resolve("x") + " " + args).split(" ");
        for (int i = 0; i < words.length; i++) {
            if (words[i].matches("a\\d")) {
                words[i] = FIXTURES.resolve(words[i]).toString();
            }
        }
        assertEquals(2, cli.run(words));
        assertEquals("lorabench: " + message, cli.errLines());
    }
}
