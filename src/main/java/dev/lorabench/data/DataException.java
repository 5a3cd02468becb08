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
}
