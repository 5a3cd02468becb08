package dev.lorabench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV text for every table the workbench writes, through commons-csv (docs/decisions/0008): RFC
 * 4180 quoting where a value needs it (a comma, a quote, a line break, leading or trailing blanks),
 * '\n' between records, numbers as {@code String.valueOf} writes them.
 */
public final class CsvText {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private final StringBuilder text = new StringBuilder();
    private final CSVPrinter printer;

    private CsvText() {
        try {
            printer = new CSVPrinter(text, FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
    }

    /** A table whose first record holds {@code columns}. */
    public static CsvText withHeader(Iterable<?> columns) {
        return new CsvText().row(columns);
    }

    /** A table whose first record holds {@code columns}. */
    public static CsvText withHeader(Object... columns) {
        return withHeader(java.util.Arrays.asList(columns));
    }

    /** Appends one record. */
    public CsvText row(Iterable<?> values) {
        try {
            printer.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Appends one record. */
    public CsvText row(Object... values) {
        return row(java.util.Arrays.asList(values));
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
