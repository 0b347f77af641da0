package io.saffron.qxl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The set-1 decoder on the byte sequences of spice-wire.md §9.3, and the US character table. */
class ScancodesTest {

    private static int press(int scancode) {
        return scancode << 1 | 1;
    }

    private static int release(int scancode) {
        return scancode << 1;
    }

    /** Feeds bytes and returns every completed key. */
    private static List<Integer> keys(Scancodes.Decoder d, int... bytes) {
        List<Integer> out = new ArrayList<>();
        for (int b : bytes) {
            int k = d.feed(b);
            if (k != -1) {
                out.add(k);
            }
        }
        return out;
    }

    /** The bytes of a KEY_DOWN/KEY_UP u32 code: low byte first, up to the first zero byte. */
    private static int[] codeBytes(int code) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int b = code >>> (8 * i) & 0xFF;
            if (b == 0) {
                break;
            }
            out.add(b);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void theKeysOfTheWireTable() {
        Scancodes.Decoder d = new Scancodes.Decoder();
        assertEquals(List.of(press(0x1E)), keys(d, codeBytes(0x0000001E)));
        assertEquals(List.of(release(0x1E)), keys(d, codeBytes(0x0000009E)));
        assertEquals(List.of(press(Scancodes.LEFT_CTRL)), keys(d, codeBytes(0x0000001D)));
        assertEquals(List.of(release(Scancodes.LEFT_CTRL)), keys(d, codeBytes(0x0000009D)));
        assertEquals(List.of(press(Scancodes.RIGHT_CTRL)), keys(d, codeBytes(0x00001DE0)));
        assertEquals(List.of(release(Scancodes.RIGHT_CTRL)), keys(d, codeBytes(0x00009DE0)));
        assertEquals(List.of(press(0xE04D)), keys(d, codeBytes(0x00004DE0)));
        assertEquals(List.of(release(0xE04D)), keys(d, codeBytes(0x0000CDE0)));
    }

    @Test
    void prefixesCompleteOnlyWithTheirLastByte() {
        Scancodes.Decoder d = new Scancodes.Decoder();
        assertEquals(-1, d.feed(0xE0));
        assertEquals(press(0xE01D), d.feed(0x1D));
        assertEquals(-1, d.feed(0xE0));
        assertEquals(release(0xE01D), d.feed(0x9D));
    }

    @Test
    void pauseAsSpiceGtkSendsIt() {
        // KEY_DOWN e1 1d, KEY_DOWN 45, then KEY_UP e1 9d, KEY_UP c5: one decoder across the four messages.
        Scancodes.Decoder d = new Scancodes.Decoder();
        assertEquals(List.of(), keys(d, codeBytes(0x1DE1)));
        assertEquals(List.of(press(Scancodes.PAUSE)), keys(d, codeBytes(0x45)));
        assertEquals(List.of(), keys(d, codeBytes(0x9DE1)));
        assertEquals(List.of(release(Scancodes.PAUSE)), keys(d, codeBytes(0xC5)));
        assertEquals(0xE11D45, Scancodes.PAUSE);
    }

    @Test
    void keyScancodeStreams() {
        Scancodes.Decoder d = new Scancodes.Decoder();
        assertEquals(List.of(press(0x1E), release(0x1E)), keys(d, 0x1E, 0x9E));
        assertEquals(List.of(press(0xE04D), release(0xE04D)), keys(d, 0xE0, 0x4D, 0xE0, 0xCD));
        assertEquals(List.of(press(Scancodes.PAUSE), release(Scancodes.PAUSE)),
                keys(d, 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5));
    }

    @Test
    void fakeShiftsAroundExtendedKeysAreNoKeys() {
        Scancodes.Decoder d = new Scancodes.Decoder();
        // Insert with Num Lock on, as a PS/2 keyboard sends it: E0 2A E0 52 ... E0 D2 E0 AA.
        assertEquals(List.of(press(0xE052), release(0xE052)), keys(d, 0xE0, 0x2A, 0xE0, 0x52, 0xE0, 0xD2, 0xE0, 0xAA));
        // Shift held, then keypad /: E0 B6 E0 35 ... E0 B5 E0 36; the real right Shift is not touched.
        assertEquals(List.of(press(Scancodes.RIGHT_SHIFT), press(0xE035), release(0xE035),
                release(Scancodes.RIGHT_SHIFT)),
                keys(d, 0x36, 0xE0, 0xB6, 0xE0, 0x35, 0xE0, 0xB5, 0xE0, 0x36, 0xB6));
    }

    @Test
    void brokenSequencesCostAtMostOneKey() {
        Scancodes.Decoder d = new Scancodes.Decoder();
        assertEquals(List.of(press(0xE04D)), keys(d, 0xE0, 0xE0, 0x4D)); // doubled prefix
        assertEquals(List.of(press(0x1E)), keys(d, 0xE1, 0x1E)); // Pause prefix, then A
        assertEquals(List.of(press(0x1F)), keys(d, 0xE1, 0x1D, 0x1F)); // half a Pause, then S
        assertEquals(List.of(release(0x1F)), keys(d, 0xE1, 0x9D, 0x9F));
        assertEquals(List.of(), keys(d, 0x00, 0xFF)); // error codes
    }

    @Test
    void lettersFollowShiftXorCapsLock() {
        assertEquals('a', Scancodes.usCharacter(0x1E, 0));
        assertEquals('A', Scancodes.usCharacter(0x1E, KeyEvent.SHIFT));
        assertEquals('A', Scancodes.usCharacter(0x1E, KeyEvent.CAPS_LOCK));
        assertEquals('a', Scancodes.usCharacter(0x1E, KeyEvent.SHIFT | KeyEvent.CAPS_LOCK));
        assertEquals('q', Scancodes.usCharacter(0x10, 0));
        assertEquals('Z', Scancodes.usCharacter(0x2C, KeyEvent.SHIFT));
        assertEquals('m', Scancodes.usCharacter(0x32, 0));
    }

    @Test
    void digitsAndPunctuationFollowShiftOnly() {
        assertEquals('1', Scancodes.usCharacter(0x02, 0));
        assertEquals('!', Scancodes.usCharacter(0x02, KeyEvent.SHIFT));
        assertEquals('1', Scancodes.usCharacter(0x02, KeyEvent.CAPS_LOCK));
        assertEquals('0', Scancodes.usCharacter(0x0B, 0));
        assertEquals(')', Scancodes.usCharacter(0x0B, KeyEvent.SHIFT));
        assertEquals('=', Scancodes.usCharacter(0x0D, 0));
        assertEquals('+', Scancodes.usCharacter(0x0D, KeyEvent.SHIFT));
        assertEquals(';', Scancodes.usCharacter(0x27, KeyEvent.CAPS_LOCK));
        assertEquals(':', Scancodes.usCharacter(0x27, KeyEvent.SHIFT));
        assertEquals('"', Scancodes.usCharacter(0x28, KeyEvent.SHIFT));
        assertEquals('~', Scancodes.usCharacter(0x29, KeyEvent.SHIFT));
        assertEquals('|', Scancodes.usCharacter(0x2B, KeyEvent.SHIFT));
        assertEquals('?', Scancodes.usCharacter(0x35, KeyEvent.SHIFT));
        assertEquals(' ', Scancodes.usCharacter(Scancodes.SPACE, KeyEvent.SHIFT));
    }

    @Test
    void nonPrintingKeysTypeNothing() {
        for (int key : new int[] {Scancodes.ENTER, Scancodes.BACKSPACE, Scancodes.TAB, Scancodes.ESCAPE,
                Scancodes.LEFT_SHIFT, Scancodes.LEFT_CTRL, Scancodes.RIGHT_CTRL, Scancodes.CAPS_LOCK, Scancodes.PAUSE,
                0xE04D, 0x3B /* F1 */, 0, -1, 0x7F}) {
            assertEquals(0, Scancodes.usCharacter(key, 0), "scancode 0x" + Integer.toHexString(key));
        }
    }

    @Test
    void keypadDigitsNeedNumLockAndShiftInvertsIt() {
        assertEquals('7', Scancodes.usCharacter(0x47, KeyEvent.NUM_LOCK));
        assertEquals(0, Scancodes.usCharacter(0x47, 0));
        assertEquals(0, Scancodes.usCharacter(0x47, KeyEvent.NUM_LOCK | KeyEvent.SHIFT));
        assertEquals('0', Scancodes.usCharacter(0x52, KeyEvent.NUM_LOCK));
        assertEquals('.', Scancodes.usCharacter(0x53, KeyEvent.NUM_LOCK));
        assertEquals('5', Scancodes.usCharacter(0x4C, KeyEvent.NUM_LOCK));
        assertEquals('-', Scancodes.usCharacter(0x4A, 0));
        assertEquals('+', Scancodes.usCharacter(0x4E, 0));
        assertEquals('*', Scancodes.usCharacter(0x37, 0));
        assertEquals('/', Scancodes.usCharacter(0xE035, 0));
    }

    @Test
    void theArrowCursor() {
        CursorShape arrow = CursorShape.arrow();
        assertSame(arrow, CursorShape.arrow());
        assertEquals(12, arrow.width());
        assertEquals(19, arrow.height());
        assertEquals(0, arrow.hotX());
        assertEquals(0, arrow.hotY());
        int[] p = arrow.argb();
        assertEquals(0xFFFFFFFF, p[0], "the tip is outline");
        assertEquals(0xFF000000, p[5 * 12 + 2], "the inside is black");
        assertEquals(0, p[11], "the top right corner is transparent");
        assertEquals(0, p[18 * 12], "the bottom left corner is transparent");
        for (int y = 0; y < 19; y++) {
            for (int x = 0; x < 12; x++) {
                int alpha = p[y * 12 + x] >>> 24;
                assertEquals(true, alpha == 0 || alpha == 0xFF, "pixel " + x + "," + y + " is opaque or clear");
            }
        }
    }
}
