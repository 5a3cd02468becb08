package dev.lorabench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {

    @TempDir Path tmp;

    @Test
    void writesWholeFilesAndLeavesNoTemporaryBehind() throws Exception {
        Path f = tmp.resolve("out").resolve("a.txt");
        AtomicWrite.writeString(f, "one");
        AtomicWrite.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count(), "only the file itself");
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFile() throws Exception {
        Path f = tmp.resolve("keep.txt");
        AtomicWrite.writeString(f, "good");
        assertThrows(java.io.IOException.class, () -> AtomicWrite.write(f, out -> {
            out.write("half".getBytes());
            throw new java.io.IOException("disk full");
        }));
        assertEquals("good", Files.readString(f));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void exportsNeverLeaveTheChosenFolder() {
        assertEquals(tmp.resolve("adapters").resolve("lora-r1"), AtomicWrite.inside(tmp, "adapters", "lora-r1"));
        for (String bad : new String[] {"..", "../x", "a/b", "/etc", "", "."}) {
            assertThrows(IllegalArgumentException.class, () -> AtomicWrite.inside(tmp, "adapters", bad), bad);
        }
    }
}
