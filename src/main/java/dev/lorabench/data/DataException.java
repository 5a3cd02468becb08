package dev.lorabench.data;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;

/**
 * Bad or missing data.
 *
 * <p>{@link #getMessage()} is always one line that names the file or value and what is wrong
 * with it, so callers (CLI, GUI status bar) can show it as is without a stack trace.
 */
public final class DataException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What {@link #ofGzipRead} says of a gzip stream that stops mid-way. */
    static final String TRUNCATED_GZIP = "truncated gzip: compressed data ends early";

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The one-line failure of reading {@code shown} through gzip: corrupt compressed data, a stream
     * that ends early ({@code truncated}: only gzip streams throw EOF here), or any other read error
     * ({@code doing}, e.g. "cannot read").
     */
    static DataException ofGzipRead(String shown, IOException e, String truncated, String doing) {
        if (e instanceof ZipException) {
            return new DataException(shown + ": corrupt gzip: " + e.getMessage(), e);
        }
        if (e instanceof EOFException) {
            return new DataException(shown + ": " + truncated, e);
        }
        return new DataException(shown + ": " + doing + ": " + e.getMessage(), e);
    }

    /**
     * A short reason for a parser's exception, for one-line messages: the innermost cause's first
     * line, without exception class names.
     */
    public static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "unreadable" : t.getMessage().lines().findFirst().orElse("unreadable");
        int at = m.indexOf(" at line ");
        if (m.startsWith("Use JsonReader.setStrictness") && at >= 0) {
            m = "malformed JSON" + m.substring(at);
        }
        return m;
    }
}
