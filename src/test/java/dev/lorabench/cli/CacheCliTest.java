package dev.lorabench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code run} with and without the base cache, and {@code cache list|clear}, on a temporary cache root. */
class CacheCliTest extends IsolatedCacheTest {

    /** A run of the 10→5 linear model on synthetic data (fast); {@code extra} options after the common ones. */
    private JsonObject run(String name, String... extra) throws IOException {
        Path out = tmp.resolve(name);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "run", "--model", "linear", "--base-epochs", "3", "--finetune-epochs", "1", "--ranks", "1",
                "--out", out.toString()));
        args.addAll(java.util.List.of(extra));
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.run(args.toArray(String[]::new)), cli::errLines);
        return JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject().getAsJsonObject("base");
    }

    @Test
    void aSecondRunReusesTheBaseAndCacheListAndClearShowAndRemoveIt() throws IOException {
        JsonObject first = run("first");
        // Only fine-tune settings differ: the same base.
        JsonObject second = run("second", "--finetune-steps", "3", "--alpha", "2", "--test-limit", "50");
        JsonObject fresh = run("fresh", "--no-base-cache");

        assertFalse(first.get("fromCache").getAsBoolean());
        assertTrue(second.get("fromCache").getAsBoolean());
        assertFalse(fresh.get("fromCache").getAsBoolean());
        String key = first.get("cacheKey").getAsString();
        assertTrue(key.matches("[0-9a-f]{64}"), key);
        assertEquals(key, second.get("cacheKey").getAsString());
        assertTrue(fresh.get("cacheKey").isJsonNull(), "--no-base-cache has no key");
        for (JsonObject other : new JsonObject[] {second, fresh}) {
            assertEquals(first.get("sha256"), other.get("sha256"));
            assertEquals(first.get("losses"), other.get("losses"));
        }

        CliHarness list = new CliHarness();
        assertEquals(0, list.run("cache", "list"), list::errLines);
        String listed = list.out.toString();
        assertTrue(listed.contains(key.substring(0, 12)) && listed.contains("linear") && listed.contains("synthetic"), listed);
        assertTrue(listed.contains("1 cached base, "), listed);
        assertTrue(listed.contains(tmp.resolve("cache").resolve("bases").toString()), listed);

        CliHarness clear = new CliHarness();
        assertEquals(0, clear.run("cache", "clear"), clear::errLines);
        assertTrue(clear.out.toString().startsWith("removed 1 cached base ("), clear.out::toString);
        assertFalse(Files.exists(tmp.resolve("cache").resolve("bases").resolve(key)));

        CliHarness empty = new CliHarness();
        assertEquals(0, empty.run("cache", "list"), empty::errLines);
        assertTrue(empty.out.toString().startsWith("no cached bases in "), empty.out::toString);
        assertFalse(run("after").get("fromCache").getAsBoolean(), "cleared: trained again");
    }

    @Test
    void helpListsTheCacheCommand() {
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.run("--help"));
        assertTrue(cli.out.toString().contains("  cache "), cli.out::toString);
        CliHarness run = new CliHarness();
        assertEquals(0, run.run("run", "--help"));
        assertTrue(run.out.toString().contains("--no-base-cache"), run.out::toString);
    }
}
