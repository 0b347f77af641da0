package io.saffron.qxl;

/**
 * The set-1 decoder state machine and the US-layout character table behind {@link Scancodes}.
 *
 * <p>Decoder states (held in {@link Scancodes.Decoder#prefix()}): 0 between keys; {@code 0xE0} after the extended
 * prefix; {@code 0xE1} after the Pause prefix; {@code 0xE11D} after {@code E1 1D} (Pause press in progress);
 * {@code 0xE19D} after {@code E1 9D} (Pause release in progress). A byte that does not continue a started
 * sequence abandons it and is decoded as the first byte of a new one, so a lost byte costs at most one key.
 */
final class ScancodeTables {

    private static final int EXTENDED = 0xE0;
    private static final int PAUSE_PREFIX = 0xE1;
    private static final int PAUSE_PRESS = 0xE11D;
    private static final int PAUSE_RELEASE = 0xE19D;

    /** Characters of make codes 0x00..0x7F without and with Shift; 0 where the key types nothing. */
    private static final char[] PLAIN = new char[0x80];
    private static final char[] SHIFTED = new char[0x80];

    static {
        row(0x02, "1234567890-=", "!@#$%^&*()_+");
        row(0x10, "qwertyuiop[]", "QWERTYUIOP{}");
        row(0x1E, "asdfghjkl;'`", "ASDFGHJKL:\"~");
        row(0x2B, "\\zxcvbnm,./", "|ZXCVBNM<>?");
        row(0x37, "*", "*"); // keypad *
        row(0x39, " ", " ");
        row(0x4A, "-", "-"); // keypad -
        row(0x4E, "+", "+"); // keypad +
    }

    /** Keypad make codes 0x47..0x53 and what they type with Num Lock; 0 for the gaps (keypad -, +). */
    private static final char[] KEYPAD = {'7', '8', '9', 0, '4', '5', '6', 0, '1', '2', '3', '0', '.'};

    private static final int KEYPAD_SLASH = 0xE035;

    private ScancodeTables() {
    }

    private static void row(int first, String plain, String shifted) {
        for (int i = 0; i < plain.length(); i++) {
            PLAIN[first + i] = plain.charAt(i);
            SHIFTED[first + i] = shifted.charAt(i);
        }
    }

    /** See {@link Scancodes#usCharacter(int, int)}. */
    static int usCharacter(int scancode, int modifiers) {
        boolean shift = (modifiers & KeyEvent.SHIFT) != 0;
        if (scancode == KEYPAD_SLASH) {
            return '/';
        }
        if (scancode >= 0x47 && scancode <= 0x53) {
            char c = KEYPAD[scancode - 0x47];
            if (c != 0) {
                // As on X11 and Windows: Shift inverts Num Lock on the keypad (Shift+7 with Num Lock on is Home).
                boolean numLock = (modifiers & KeyEvent.NUM_LOCK) != 0;
                return numLock != shift ? c : 0;
            }
        }
        if (scancode <= 0 || scancode >= PLAIN.length) {
            return 0;
        }
        char plain = PLAIN[scancode];
        if (plain >= 'a' && plain <= 'z') {
            boolean caps = (modifiers & KeyEvent.CAPS_LOCK) != 0;
            return shift != caps ? SHIFTED[scancode] : plain;
        }
        return shift ? SHIFTED[scancode] : plain;
    }

    /** See {@link Scancodes.Decoder#feed(int)}; {@code b} is 0..255. */
    static int feed(Scancodes.Decoder decoder, int b) {
        int prefix = decoder.prefix();
        switch (prefix) {
            case 0:
                return first(decoder, b);
            case EXTENDED:
                decoder.prefix(0);
                if (b == EXTENDED || b == PAUSE_PREFIX) {
                    return first(decoder, b); // a doubled or interrupted prefix starts over
                }
                int code = b & 0x7F;
                if (code == 0x2A || code == 0x36) {
                    // Fake Shift around extended keys (E0 2A / E0 AA, E0 36 / E0 B6): not a key of its own.
                    return -1;
                }
                return key(0xE000 | code, b);
            case PAUSE_PREFIX:
                if (b == 0x1D) {
                    decoder.prefix(PAUSE_PRESS);
                    return -1;
                }
                if (b == 0x9D) {
                    decoder.prefix(PAUSE_RELEASE);
                    return -1;
                }
                decoder.prefix(0);
                return first(decoder, b);
            case PAUSE_PRESS:
                decoder.prefix(0);
                return b == 0x45 ? key(Scancodes.PAUSE, 0x45) : first(decoder, b);
            case PAUSE_RELEASE:
                decoder.prefix(0);
                return b == 0xC5 ? key(Scancodes.PAUSE, 0xC5) : first(decoder, b);
            default:
                throw new IllegalStateException("scancode decoder in state 0x" + Integer.toHexString(prefix)
                        + " (expected: 0, E0, E1, E11D or E19D)");
        }
    }

    /** The first byte of a sequence. */
    private static int first(Scancodes.Decoder decoder, int b) {
        if (b == EXTENDED || b == PAUSE_PREFIX) {
            decoder.prefix(b);
            return -1;
        }
        if (b == 0x00 || b == 0xFF) {
            return -1; // keyboard error / overrun codes, never a key
        }
        return key(b & 0x7F, b);
    }

    /** A completed key: the scancode with the press bit taken from bit 7 of the last byte. */
    private static int key(int scancode, int lastByte) {
        return (scancode << 1) | ((lastByte & 0x80) == 0 ? 1 : 0);
    }
}
