package io.saffron.qxl;

/**
 * A command from a device to its worker: a draw into a surface or a cursor change (the counterparts of QXL's
 * drawable and cursor commands). Immutable; it crosses from the device's thread to the worker's loop.
 */
public sealed interface QxlCommand permits QxlCommand.Draw, QxlCommand.Cursor {

    /**
     * Pixels of a rectangle of a surface changed. The pixels themselves stay with the device's surface.
     *
     * @param surfaceId the surface (0 = primary)
     */
    record Draw(int surfaceId, int left, int top, int width, int height) implements QxlCommand {
        public Draw {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("draw area " + width + "x" + height + " is empty (expected: > 0)");
            }
        }
    }

    /** The pointer moved or its visibility changed. */
    record Cursor(int x, int y, boolean visible) implements QxlCommand {
    }
}
