package dev.lorabench.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Extracts chosen regular files from a .tgz (gzip + ustar), such as an npm package tarball.
 *
 * <p>Written in Java so fetching works where no {@code tar} command exists. It is safe by
 * construction: archive names are only compared with the wanted names, never turned into
 * paths, so no entry can write outside the given targets; links, devices and directories are
 * never extracted; every entry size is bounded before any byte is copied; and entries move
 * through one fixed buffer, so an entry claiming more than the archive holds costs no memory
 * and is refused, named, where the data ends.
 */
final class TarGzReader {

    private static final int BLOCK = 512;

    /** Bound on pax/GNU long-name records; real ones are a few hundred bytes. */
    private static final int MAX_META = 1 << 16;

    private TarGzReader() {}

    /**
     * Copies each archive entry whose full name is a key of {@code wanted} to the mapped path.
     *
     * @param shown names the archive in messages
     * @param maxEntryBytes largest entry size accepted, for any entry
     * @return the wanted names that were found and extracted
     */
    static Set<String> extract(Path tgz, String shown, Map<String, Path> wanted, long maxEntryBytes)
            throws DataException {
        Set<String> found = new HashSet<>();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                int n = in.readNBytes(header, 0, BLOCK);
                if (n == 0 || isZero(header)) {
                    break; // end of archive (two zero blocks, or a writer that omitted them)
                }
                if (n < BLOCK) {
                    throw new DataException(shown + ": truncated tar header");
                }
                checkChecksum(header, shown);
                String name = longName != null ? longName : fullName(header);
                longName = null;
                long size = size(header, shown, name);
                if (size > maxEntryBytes) {
                    throw new DataException(shown + ": entry " + name + " has " + size
                            + " bytes, more than the " + maxEntryBytes + " accepted");
                }
                long padding = (BLOCK - size % BLOCK) % BLOCK;
                byte type = header[156];
                if (type == 'L' || type == 'x') {
                    String meta = readMeta(in, size, shown, name);
                    longName = type == 'L' ? meta : paxPath(meta);
                } else if (wanted.containsKey(name)) {
                    if (type != '0' && type != 0) {
                        throw new DataException(shown + ": entry " + name + " is not a regular file (type '"
                                + (char) type + "')");
                    }
                    copy(in, size, wanted.get(name), shown, name);
                    found.add(name);
                } else {
                    transfer(in, size, null, shown, name);
                }
                in.skipNBytes(padding);
            }
        } catch (ZipException e) {
            throw new DataException(shown + ": corrupt gzip: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new DataException(shown + ": truncated archive", e);
        } catch (IOException e) {
            throw new DataException(shown + ": cannot read: " + e.getMessage(), e);
        }
        return found;
    }

    private static void copy(InputStream in, long size, Path target, String shown, String name)
            throws IOException, DataException {
        OutputStream created;
        try {
            created = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new DataException(shown + ": entry " + name + " appears twice", e);
        }
        boolean done = false;
        try (OutputStream out = created) {
            transfer(in, size, out, shown, name);
            done = true;
        } finally {
            if (!done) {
                // A partial entry must not look like an extracted one.
                Files.deleteIfExists(target);
            }
        }
    }

    /**
     * Moves an entry's {@code size} bytes to {@code out} (or drops them when null) through one
     * fixed buffer, whatever the header claims, and names the entry when the archive ends first.
     */
    private static void transfer(InputStream in, long size, OutputStream out, String shown, String name)
            throws IOException, DataException {
        byte[] buffer = new byte[(int) Math.min(1 << 16, Math.max(size, 1))];
        long done = 0;
        while (done < size) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - done));
            if (n < 0) {
                throw new DataException(shown + ": truncated archive: entry " + name + " claims " + size
                        + " bytes but the data ends after " + done);
            }
            if (out != null) {
                out.write(buffer, 0, n);
            }
            done += n;
        }
    }

    private static String readMeta(InputStream in, long size, String shown, String name)
            throws IOException, DataException {
        if (size > MAX_META) {
            throw new DataException(shown + ": metadata entry " + name + " has " + size + " bytes, more than "
                    + MAX_META);
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        transfer(in, size, data, shown, name);
        return cString(data.toByteArray(), 0, data.size());
    }

    /** The "path" record of a pax header ("LEN path=VALUE\n" lines), or null if none. */
    private static String paxPath(String pax) {
        String path = null;
        for (String line : pax.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                path = line.substring(space + 1 + "path=".length());
            }
        }
        return path;
    }

    private static String fullName(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = cString(header, 257, 6).startsWith("ustar");
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static long size(byte[] header, String shown, String name) throws DataException {
        if ((header[124] & 0x80) != 0) {
            // Base-256 sizes are only needed for entries of 8 GiB and more.
            throw new DataException(shown + ": entry " + name + " is too large (base-256 size)");
        }
        String octal = cString(header, 124, 12).trim();
        try {
            long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
            if (size < 0) {
                throw new NumberFormatException(octal);
            }
            return size;
        } catch (NumberFormatException e) {
            throw new DataException(shown + ": entry " + name + " has a bad size field '" + octal + "'", e);
        }
    }

    private static void checkChecksum(byte[] header, String shown) throws DataException {
        String stored = cString(header, 148, 8).trim();
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xFF);
        }
        long expected;
        try {
            expected = Long.parseLong(stored, 8);
        } catch (NumberFormatException e) {
            throw new DataException(shown + ": bad tar header checksum field '" + stored + "'", e);
        }
        if (sum != expected) {
            throw new DataException(shown + ": tar header checksum mismatch (stored " + expected
                    + ", computed " + sum + "); not a tar archive or damaged");
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }
}
