package io.saffron.demo.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The typed text of the demo: rows of at most {@code columns} characters, the caret always at the end of the last
 * row. A character typed into a full row starts a continuation row (the row wraps); Enter starts a new row;
 * Backspace deletes the character before the caret, or the line break when the last row is empty. Only the last
 * {@code maxRows} rows are kept: older ones scroll away for good. Not thread-safe (the demo thread of one display).
 */
final class TextBuffer {

    /** Stored for characters outside the Basic Multilingual Plane (one char each); shown as the missing glyph. */
    static final char REPLACEMENT = '\uFFFD';

    private final int columns;
    private final int maxRows;
    private final List<Row> rows = new ArrayList<>();

    TextBuffer(int columns, int maxRows) {
        if (columns < 1 || maxRows < 1) {
            throw new IllegalArgumentException("text buffer of " + columns + " columns and " + maxRows
                    + " rows (expected: at least 1 each)");
        }
        this.columns = columns;
        this.maxRows = maxRows;
        rows.add(new Row(false));
    }

    int columns() {
        return columns;
    }

    /** Appends one character, wrapping to a continuation row when the last row is full. */
    void type(int codePoint) {
        if (codePoint <= 0) {
            throw new IllegalArgumentException("code point " + codePoint + " types nothing (expected: > 0)");
        }
        Row last = last();
        if (last.text.length() == columns) {
            last = add(new Row(true));
        }
        last.text.append(Character.isBmpCodePoint(codePoint) ? (char) codePoint : REPLACEMENT);
    }

    /** Breaks the line: the caret moves to a new, empty row. */
    void newline() {
        add(new Row(false));
    }

    /**
     * Deletes the character before the caret; on an empty row, deletes the line break before it (the caret moves
     * to the end of the previous row). Does nothing on an empty first row.
     */
    void backspace() {
        Row last = last();
        if (last.text.length() > 0) {
            last.text.setLength(last.text.length() - 1);
            if (last.text.length() == 0 && last.continued && rows.size() > 1) {
                rows.remove(rows.size() - 1); // the caret goes back to the end of the full row it wrapped from
            }
        } else if (rows.size() > 1) {
            rows.remove(rows.size() - 1);
        }
    }

    /** Deletes all text. */
    void clear() {
        rows.clear();
        rows.add(new Row(false));
    }

    /** The rows, oldest first; the caret is at the end of the last one. */
    List<String> rows() {
        List<String> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.text.toString());
        }
        return out;
    }

    /** The row index of the caret (the last row). */
    int caretRow() {
        return rows.size() - 1;
    }

    /** The column of the caret: the length of the last row, which is {@code columns} when that row is full. */
    int caretColumn() {
        return last().text.length();
    }

    @Override
    public String toString() {
        return String.join("\n", rows());
    }

    private Row last() {
        return rows.get(rows.size() - 1);
    }

    private Row add(Row row) {
        rows.add(row);
        if (rows.size() > maxRows) {
            rows.remove(0);
        }
        return row;
    }

    /** One row; {@code continued} when it holds the overflow of a full row before it (no line break between). */
    private static final class Row {
        final StringBuilder text = new StringBuilder();
        final boolean continued;

        Row(boolean continued) {
            this.continued = continued;
        }
    }
}
