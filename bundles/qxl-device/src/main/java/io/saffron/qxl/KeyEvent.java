package io.saffron.qxl;

/**
 * A key pressed or released on a client's keyboard, delivered to {@link KeyboardListener}s.
 *
 * @param displayId the display with keyboard focus (the one the pointer was last on)
 * @param pressed   true for a press (or auto-repeat), false for a release
 * @param scancode  PC/AT set 1 make code; extended keys carry their prefix in the high byte (right Ctrl =
 *                  {@code 0xE01D}, right arrow = {@code 0xE04D}); Pause is {@code 0xE11D45}
 * @param modifiers the state after this event, a combination of {@link #SHIFT}, {@link #CTRL}, {@link #ALT},
 *                  {@link #META}, {@link #CAPS_LOCK}, {@link #NUM_LOCK}, {@link #SCROLL_LOCK}
 * @param codePoint the character this press types on a US layout, or 0 (releases, non-printing keys, and keys
 *                  pressed with Ctrl, Alt or Meta)
 */
public record KeyEvent(int displayId, boolean pressed, int scancode, int modifiers, int codePoint) {

    public static final int SHIFT = 1;
    public static final int CTRL = 2;
    public static final int ALT = 4;
    public static final int META = 8;
    public static final int SCROLL_LOCK = 0x100;
    public static final int NUM_LOCK = 0x200;
    public static final int CAPS_LOCK = 0x400;

    /** Whether a modifier bit is set. */
    public boolean has(int modifier) {
        return (modifiers & modifier) != 0;
    }
}
