package io.saffron.qxl;

/**
 * The pointer of a client moved or a button changed, delivered to {@link PointerListener}s.
 *
 * @param displayId the display the pointer is on
 * @param kind      what happened
 * @param x         position in surface pixels after the event (clamped to the surface)
 * @param y         position in surface pixels after the event
 * @param button    for PRESS and RELEASE: {@link #LEFT}, {@link #MIDDLE}, {@link #RIGHT}, {@link #WHEEL_UP},
 *                  {@link #WHEEL_DOWN}, {@link #SIDE}, {@link #EXTRA} (SPICE's numbering); 0 for MOVE
 * @param buttons   the buttons held after the event, a mask of {@code 1 << (button - 1)}
 */
public record PointerEvent(int displayId, Kind kind, int x, int y, int button, int buttons) {

    public enum Kind {
        MOVE, PRESS, RELEASE
    }

    public static final int LEFT = 1;
    public static final int MIDDLE = 2;
    public static final int RIGHT = 3;
    public static final int WHEEL_UP = 4;
    public static final int WHEEL_DOWN = 5;
    public static final int SIDE = 6;
    public static final int EXTRA = 7;
}
