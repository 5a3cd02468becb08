package dev.lorabench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzReaderTest {

    @TempDir
    Path tmp;

    @Test
    void extractsOnlyWantedRegularFiles() throws Exception {
        byte[] data = new byte[1500];
        Arrays.fill(data, (byte) 7);
        Path tgz = Files.write(tmp.resolve("p.tgz"), new TarBytes()
                .file("package/package.json", "{}".getBytes(StandardCharsets.UTF_8))
                .file("package/data/a", data)
                .file("package/data/b", new byte[] {1, 2, 3})
                .tgz());
        Path out = Files.createDirectory(tmp.resolve("out"));
        Set<String> found = TarGzReader.extract(tgz, "p.tgz",
                Map.of("package/data/a", out.resolve("a"), "package/data/missing", out.resolve("m")), 1 << 20);
        assertEquals(Set.of("package/data/a"), found);
        assertArrayEquals(data, Files.readAllBytes(out.resolve("a")));
        assertFalse(Files.exists(out.resolve("b")));
        assertFalse(Files.exists(out.resolve("m")));
    }

    @Test
    void escapingNamesAreNeverWritten() throws Exception {
        Path tgz = Files.write(tmp.resolve("evil.tgz"), new TarBytes()
                .file("../../etc/evil", new byte[] {1})
                .file("/abs/evil", new byte[] {1})
                .file("package/data/../../evil", new byte[] {1})
                .tgz());
        Path out = Files.createDirectory(tmp.resolve("out"));
        Set<String> found = TarGzReader.extract(tgz, "evil.tgz", Map.of("package/data/a", out.resolve("a")), 1 << 20);
        assertEquals(Set.of(), found);
        try (var files = Files.walk(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("evil")));
        }
    }

    @Test
    void linksAndOversizedEntriesAreRefused() throws Exception {
        Path links = Files.write(tmp.resolve("links.tgz"), new TarBytes()
                .symlink("package/data/a", "/etc/passwd").tgz());
        Path out = Files.createDirectory(tmp.resolve("out"));
        DataException link = assertThrows(DataException.class,
                () -> TarGzReader.extract(links, "links.tgz", Map.of("package/data/a", out.resolve("a")), 1 << 20));
        assertEquals("links.tgz: entry package/data/a is not a regular file (type '2')", link.getMessage());

        Path big = Files.write(tmp.resolve("big.tgz"), new TarBytes().file("package/data/a", new byte[2000]).tgz());
        DataException size = assertThrows(DataException.class,
                () -> TarGzReader.extract(big, "big.tgz", Map.of("package/data/a", out.resolve("a")), 1000));
        assertEquals("big.tgz: entry package/data/a has 2000 bytes, more than the 1000 accepted", size.getMessage());
        assertFalse(Files.exists(out.resolve("a")));
    }

    @Test
    void damagedArchivesAreRefused() throws Exception {
        byte[] tar = new TarBytes().file("package/data/a", new byte[3000]).tar();
        Path cut = Files.write(tmp.resolve("cut.tgz"), IdxBytes.gzip(Arrays.copyOf(tar, 1000)));
        Path out = Files.createDirectory(tmp.resolve("out"));
        DataException truncated = assertThrows(DataException.class,
                () -> TarGzReader.extract(cut, "cut.tgz", Map.of("package/data/a", out.resolve("a")), 1 << 20));
        assertEquals("cut.tgz: truncated archive: entry package/data/a claims 3000 bytes but the data ends after 488",
                truncated.getMessage());
        assertFalse(Files.exists(out.resolve("a")), "no partial file is left");

        byte[] two = new TarBytes().file("package/data/a", new byte[100]).file("package/data/b", new byte[10]).tar();
        Path cutHeader = Files.write(tmp.resolve("cut-header.tgz"), IdxBytes.gzip(Arrays.copyOf(two, 1024 + 200)));
        DataException header = assertThrows(DataException.class,
                () -> TarGzReader.extract(cutHeader, "cut-header.tgz", Map.of(), 1 << 20));
        assertEquals("cut-header.tgz: truncated tar header", header.getMessage());

        tar[10] ^= 0x01; // inside the name: the header checksum no longer fits
        Path bad = Files.write(tmp.resolve("bad.tgz"), IdxBytes.gzip(tar));
        DataException checksum = assertThrows(DataException.class,
                () -> TarGzReader.extract(bad, "bad.tgz", Map.of(), 1 << 20));
        assertTrue(checksum.getMessage().startsWith("bad.tgz: tar header checksum mismatch"), checksum.getMessage());

        Path notGzip = Files.write(tmp.resolve("plain.tgz"), tar);
        DataException gzip = assertThrows(DataException.class,
                () -> TarGzReader.extract(notGzip, "plain.tgz", Map.of(), 1 << 20));
        assertTrue(gzip.getMessage().startsWith("plain.tgz: corrupt gzip"), gzip.getMessage());
    }

    @Test
    void anEntryClaimingMoreThanTheArchiveHoldsIsRefusedWithoutAllocatingTheClaim() throws Exception {
        long claimed = 1L << 30;
        // 100 bytes follow the header, then padding and the two zero end blocks: 1536 bytes in all.
        Path tgz = Files.write(tmp.resolve("claims.tgz"), new TarBytes()
                .claiming("package/data/skipped", claimed, new byte[100])
                .tgz());
        Path wantedTgz = Files.write(tmp.resolve("wanted.tgz"), new TarBytes()
                .claiming("package/data/a", claimed, new byte[100])
                .tgz());
        Path out = Files.createDirectory(tmp.resolve("out"));
        Map<String, Path> wanted = Map.of("package/data/a", out.resolve("a"));
        for (Path archive : new Path[] {tgz, wantedTgz}) {
            String name = archive == tgz ? "package/data/skipped" : "package/data/a";
            long before = Allocations.ofThisThread();
            DataException e = assertThrows(DataException.class, () -> TarGzReader.extract(archive, "x.tgz", wanted, 2 * claimed));
            long allocated = Allocations.ofThisThread() - before;
            assertEquals("x.tgz: truncated archive: entry " + name + " claims " + claimed
                    + " bytes but the data ends after 1536", e.getMessage());
            assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes");
        }
        assertFalse(Files.exists(out.resolve("a")), "no partial file is left");
    }
}
