package io.saffron.qxl;

/**
 * PC/AT scancode set 1, as SPICE clients send it: a decoder for the byte stream (prefixes {@code E0} and
 * {@code E1}, bit 7 = release) and the characters of a US layout. The inputs channel uses it to turn
 * KEY_DOWN, KEY_UP and KEY_SCANCODE bytes into {@link KeyEvent}s; applications may use it to map scancodes.
 */
public final class Scancodes {

    /** Left and right Shift, Ctrl, Alt and Meta, Caps/Num/Scroll Lock (make codes). */
    public static final int LEFT_SHIFT = 0x2A, RIGHT_SHIFT = 0x36, LEFT_CTRL = 0x1D, RIGHT_CTRL = 0xE01D,
            LEFT_ALT = 0x38, RIGHT_ALT = 0xE038, LEFT_META = 0xE05B, RIGHT_META = 0xE05C, CAPS_LOCK = 0x3A,
            NUM_LOCK = 0x45, SCROLL_LOCK = 0x46, PAUSE = 0xE11D45, ENTER = 0x1C, BACKSPACE = 0x0E, TAB = 0x0F,
            ESCAPE = 0x01, SPACE = 0x39;

    private Scancodes() {
    }

    /**
     * The character a make code types on a US layout with the given {@link KeyEvent} modifiers (Shift and
     * Caps Lock matter), or 0 when the key types nothing (including Enter, Backspace, Tab and Escape).
     */
    public static int usCharacter(int scancode, int modifiers) {
        return ScancodeTables.usCharacter(scancode, modifiers);
    }

    /**
     * A decoder of one keyboard's byte stream. Not thread-safe; one per keyboard. Feed bytes in arrival order;
     * each completed key comes back as {@code (scancode << 1) | (pressed ? 1 : 0)}, incomplete sequences as -1.
     */
    public static final class Decoder {

        private int prefix; // 0, 0xE0, 0xE1, or 0xE11D (Pause in progress)

        /** Feeds one byte; returns a key as described on the class, or -1 when more bytes are needed. */
        public int feed(int b) {
            return ScancodeTables.feed(this, b & 0xFF);
        }

        int prefix() {
            return prefix;
        }

        void prefix(int p) {
            prefix = p;
        }
    }
}
