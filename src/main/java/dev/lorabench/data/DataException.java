package dev.lorabench.data;

/**
 * Bad or missing data.
 *
 * <p>{@link #getMessage()} is always one line that names the file or value and what is wrong
 * with it, so callers (CLI, GUI status bar) can show it as is without a stack trace.
 */
public final class DataException extends Exception {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
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
