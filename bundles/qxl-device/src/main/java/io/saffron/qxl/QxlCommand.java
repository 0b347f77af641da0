package io.saffron.qxl;

import java.util.Objects;

/**
 * A command from a device to its worker: a draw into a surface or a cursor change (the counterparts of QXL's
 * drawable and cursor commands). Immutable once submitted; it crosses from the device's thread to the worker's
 * loop, which applies it to the worker's copy of the surface and then passes it to the listeners.
 */
public sealed interface QxlCommand
        permits QxlCommand.Draw, QxlCommand.SetCursor, QxlCommand.MoveCursor, QxlCommand.HideCursor {

    /**
     * New pixels for a rectangle of a surface.
     *
     * @param surfaceId the surface (0 = primary, the only one so far)
     * @param pixels    {@code width * height} pixels, row-major, top row first, 0x00RRGGBB (the high byte is
     *                  ignored); owned by the command from now on, the submitter must not change them
     */
    record Draw(int surfaceId, int left, int top, int width, int height, int[] pixels) implements QxlCommand {
        public Draw {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("draw area " + width + "x" + height + " is empty (expected: > 0)");
            }
            if (left < 0 || top < 0) {
                throw new IllegalArgumentException("draw origin " + left + "," + top + " is negative (expected: >= 0)");
            }
            Objects.requireNonNull(pixels, "pixels");
            if (pixels.length != width * height) {
                throw new IllegalArgumentException("draw of " + width + "x" + height + " carries " + pixels.length
                        + " pixels (expected: " + width * height + ")");
            }
        }

        @Override
        public String toString() {
            return "Draw[surface " + surfaceId + ", " + width + "x" + height + " at " + left + "," + top + "]";
        }
    }

    /** A new pointer shape, position and visibility. */
    record SetCursor(CursorShape shape, int x, int y, boolean visible) implements QxlCommand {
        public SetCursor {
            Objects.requireNonNull(shape, "shape");
        }
    }

    /** The pointer moved (shown again if it was hidden). */
    record MoveCursor(int x, int y) implements QxlCommand {
    }

    /** The pointer is hidden until the next {@link SetCursor} or {@link MoveCursor}. */
    record HideCursor() implements QxlCommand {
    }
}
