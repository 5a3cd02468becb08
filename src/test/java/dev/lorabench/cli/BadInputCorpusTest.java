package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lorabench.data.MnistSmall;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of src/test/resources/bad/cases.tsv through the real command line: one line naming
 * the file or value and the reason, the right exit code, no stack trace, nothing written.
 */
class BadInputCorpusTest extends IsolatedCacheTest {

    /**
     * The corpus in the source tree (tests run from the project folder): resource copying would
     * not keep its symbolic link or its empty class folder as they are.
     */
    static Path badDir() {
        Path source = Path.of("src", "test", "resources", "bad").toAbsolutePath();
        if (Files.isRegularFile(source.resolve("cases.tsv"))) {
            return source;
        }
        try {
            return Path.of(BadInputCorpusTest.class.getResource("/bad/cases.tsv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : Files.readAllLines(badDir().resolve("cases.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(Arguments.of(f[0], Integer.parseInt(f[1]), f[2], f[3]));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedCleanly(String name, int exitCode, String fragment, String args) throws IOException {
        Path out = tmp.resolve("out");
        String[] argv = args.replace("{bad}", badDir().toString())
                .replace("{small}", MnistSmall.dir().toString())
                .replace("{out}", out.toString())
                .split(" ");
        CliHarness cli = new CliHarness();
        int code = cli.run(argv);
        String err = cli.errLines();
        assertEquals(exitCode, code, () -> name + ": " + err);
        assertEquals(1, err.lines().count(), () -> "one line, not: " + err);
        assertTrue(err.startsWith("lorabench: "), err);
        assertTrue(err.contains(fragment), () -> "'" + fragment + "' not in: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        assertFalse(Files.exists(out), "no partial output");
        assertFalse(Files.exists(tmp.resolve("cache").resolve("datasets").resolve("mnist")), "nothing cached");
    }
}
