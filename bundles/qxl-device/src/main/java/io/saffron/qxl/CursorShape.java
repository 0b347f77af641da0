package io.saffron.qxl;

import java.util.Objects;

/**
 * A pointer image with straight (not premultiplied) alpha, sent to clients as a SPICE ALPHA cursor.
 *
 * @param argb {@code width * height} pixels 0xAARRGGBB, row-major, top row first; not copied, do not change
 */
public record CursorShape(int width, int height, int hotX, int hotY, int[] argb) {

    public CursorShape {
        if (width <= 0 || height <= 0 || width > 512 || height > 512) {
            throw new IllegalArgumentException("cursor size " + width + "x" + height + " is out of range (expected: 1..512 each)");
        }
        if (hotX < 0 || hotY < 0 || hotX >= width || hotY >= height) {
            throw new IllegalArgumentException("cursor hot spot " + hotX + "," + hotY + " is outside " + width + "x" + height);
        }
        Objects.requireNonNull(argb, "argb");
        if (argb.length != width * height) {
            throw new IllegalArgumentException("cursor of " + width + "x" + height + " carries " + argb.length
                    + " pixels (expected: " + width * height + ")");
        }
    }

    /** The default pointer: a black arrow with a white outline, hot spot at its tip. */
    public static CursorShape arrow() {
        return Cursors.ARROW;
    }
}
