package io.saffron.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table for the shell: a header row, then one line per row, columns padded to their widest cell and
 * separated by two spaces, numbers right-aligned. No line ends in spaces. Also the formats the tables share: byte
 * sizes ({@code 1.2 MiB}) and durations ({@code 0.35 ms}). Not thread-safe; one command builds one table.
 */
final class Table {

    /** Shown for a missing or unknown value. */
    static final String NONE = "-";

    /** Between two columns. */
    private static final String GAP = "  ";

    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> rightAligned = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    /** Adds a left-aligned column (text). */
    Table left(String header) {
        return column(header, false);
    }

    /** Adds a right-aligned column (numbers, sizes). */
    Table right(String header) {
        return column(header, true);
    }

    private Table column(String header, boolean right) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("column " + header + " added after " + rows.size()
                    + " row(s) (expected: every column before the first row)");
        }
        headers.add(header);
        rightAligned.add(right);
        return this;
    }

    /**
     * Adds a row; each cell is printed with {@link String#valueOf(Object)}, {@code null} as {@value #NONE}.
     *
     * @throws IllegalArgumentException when the number of cells is not the number of columns
     */
    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cell(s) (expected: " + headers.size()
                    + ", one per column " + headers + ")");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cells[i] == null ? NONE : String.valueOf(cells[i]);
        }
        rows.add(row);
        return this;
    }

    /** Number of rows, the header not counted. */
    int size() {
        return rows.size();
    }

    /** The header line and the rows, separated by {@code \n}, without a final line break. */
    @Override
    public String toString() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers.toArray(String[]::new), widths);
        for (String[] row : rows) {
            out.append('\n');
            line(out, row, widths);
        }
        return out.toString();
    }

    private void line(StringBuilder out, String[] cells, int[] widths) {
        int start = out.length();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(GAP);
            }
            String pad = " ".repeat(widths[i] - cells[i].length());
            if (rightAligned.get(i)) {
                out.append(pad).append(cells[i]);
            } else {
                out.append(cells[i]).append(pad);
            }
        }
        int end = out.length();
        while (end > start && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
    }

    /**
     * A byte count for people, in binary units: {@code 512 B}, {@code 1.0 KiB}, {@code 1.2 MiB}; {@value #NONE}
     * when negative (unknown).
     */
    static String bytes(long count) {
        if (count < 0) {
            return NONE;
        }
        if (count < 1024) {
            return count + " B";
        }
        double value = count;
        int unit = 0;
        // Scale until the value shows below 1024.0 once rounded to one decimal (1048575 B is 1.0 MiB, not 1024.0 KiB).
        while (Math.round(value * 10) >= 1024 * 10 && unit < BYTE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BYTE_UNITS[unit]);
    }

    /**
     * A duration for people, in milliseconds: {@code 0.35 ms} below 10 ms, {@code 42.5 ms} below 100 ms,
     * {@code 1530 ms} above; {@value #NONE} when negative (unknown, as a round trip before the first PONG).
     */
    static String millis(long nanos) {
        if (nanos < 0) {
            return NONE;
        }
        double ms = nanos / 1_000_000.0;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms < 100) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%d ms", Math.round(ms));
    }

    /** {@code 1 session}, {@code 2 sessions}, {@code 0 sessions}: the count line under a table. */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
