package dev.lorabench.data;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts chosen regular files from a .tgz (gzip + tar), such as an npm package tarball. The tar
 * format (ustar prefixes, pax and GNU long names) is read by commons-compress
 * (docs/decisions/0006); this class holds the rules around it.
 *
 * <p>It is safe by construction: archive names are only compared with the wanted names, never
 * turned into paths, so no entry can write outside the given targets; links, devices and
 * directories are never extracted; every entry size is bounded before any byte is copied; and
 * entries move through one fixed buffer, so an entry claiming more than the archive holds costs no
 * memory and is refused, named, where the data ends.
 */
final class TarGzReader {

    private static final int BLOCK = 512;

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
        try (Source source = new Source(new GZIPInputStream(
                        new BufferedInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16));
                TarArchiveInputStream tar = new TarArchiveInputStream(source)) {
            TarArchiveEntry entry;
            while ((entry = next(tar, source, shown)) != null) {
                String name = entry.getName();
                long size = entry.getSize();
                if (size > maxEntryBytes) {
                    throw new DataException(shown + ": entry " + name + " has " + size
                            + " bytes, more than the " + maxEntryBytes + " accepted");
                }
                if (wanted.containsKey(name)) {
                    byte type = entry.getLinkFlag();
                    if (type != '0' && type != 0) {
                        throw new DataException(shown + ": entry " + name + " is not a regular file (type '"
                                + (char) type + "')");
                    }
                    copy(tar, source, size, wanted.get(name), shown, name);
                    found.add(name);
                } else {
                    transfer(tar, source, size, null, shown, name);
                }
            }
        } catch (IOException e) {
            throw DataException.ofGzipRead(shown, e, "truncated archive", "cannot read");
        }
        return found;
    }

    /** The next entry, its header checked; null at the end of the archive. */
    private static TarArchiveEntry next(TarArchiveInputStream tar, Source source, String shown)
            throws IOException, DataException {
        TarArchiveEntry entry;
        try {
            entry = tar.getNextEntry();
        } catch (IllegalArgumentException e) {
            // commons-compress rejects a malformed numeric field with an unchecked exception.
            throw new DataException(shown + ": bad tar header: " + e.getMessage(), e);
        } catch (IOException e) {
            if (!source.ended) {
                throw e;
            }
            // The data ended inside a pax or long-name record, or in an entry's padding.
            throw new DataException(shown + ": truncated archive: " + e.getMessage(), e);
        }
        if (entry == null && source.ended && source.read % BLOCK != 0) {
            // commons-compress takes a header cut short for the end of the archive.
            throw new DataException(shown + ": truncated tar header");
        }
        if (entry != null && !entry.isCheckSumOK()) {
            throw new DataException(shown + ": tar header checksum mismatch at entry " + entry.getName()
                    + "; not a tar archive or damaged");
        }
        return entry;
    }

    private static void copy(InputStream in, Source source, long size, Path target, String shown, String name)
            throws IOException, DataException {
        OutputStream created;
        try {
            created = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new DataException(shown + ": entry " + name + " appears twice", e);
        }
        boolean done = false;
        try (OutputStream out = created) {
            transfer(in, source, size, out, shown, name);
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
    private static void transfer(InputStream in, Source source, long size, OutputStream out, String shown, String name)
            throws IOException, DataException {
        byte[] buffer = new byte[(int) Math.min(1 << 16, Math.max(size, 1))];
        long done = 0;
        while (done < size) {
            int n;
            try {
                n = in.read(buffer, 0, (int) Math.min(buffer.length, size - done));
            } catch (IOException e) {
                if (!source.ended) {
                    throw e;
                }
                n = -1; // commons-compress reports the early end as an exception; the count says more
            }
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

    /** The decompressed tar bytes, counted, and whether they ran out. */
    private static final class Source extends FilterInputStream {

        long read;
        boolean ended;

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                ended = true;
            } else {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                ended = true;
            } else {
                read += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            read += skipped;
            return skipped;
        }
    }
}
