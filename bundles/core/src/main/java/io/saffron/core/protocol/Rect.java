package io.saffron.core.protocol;

import java.nio.ByteBuffer;

/**
 * SpiceRect (spice-wire.md §0, §7.4): 16 bytes, i32 top, left, bottom, right in that order; right and bottom are
 * exclusive. Not validated: an inverted or empty rectangle is kept as given.
 *
 * @param top    the first row
 * @param left   the first column
 * @param bottom the row after the last
 * @param right  the column after the last
 */
public record Rect(int top, int left, int bottom, int right) {

    /** The encoded size. */
    public static final int BYTES = 16;

    /**
     * Returns the rectangle of {@code width}×{@code height} pixels at ({@code x}, {@code y}).
     *
     * @param x      the left column
     * @param y      the top row
     * @param width  the width in pixels
     * @param height the height in pixels
     * @return (top = y, left = x, bottom = y + height, right = x + width)
     */
    public static Rect of(int x, int y, int width, int height) {
        return new Rect(y, x, y + height, x + width);
    }

    /** Returns right − left. */
    public int width() {
        return right - left;
    }

    /** Returns bottom − top. */
    public int height() {
        return bottom - top;
    }

    /** Returns left. */
    public int x() {
        return left;
    }

    /** Returns top. */
    public int y() {
        return top;
    }

    /** Writes the 16 bytes at the position of {@code out}, a little-endian buffer, and advances it. */
    void write(ByteBuffer out) {
        out.putInt(top).putInt(left).putInt(bottom).putInt(right);
    }

    /** Reads 16 bytes from the position of {@code in}, a little-endian buffer, and advances it. */
    static Rect read(ByteBuffer in) {
        return new Rect(in.getInt(), in.getInt(), in.getInt(), in.getInt());
    }
}
