package io.saffron.core.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/** Inputs channel messages (spice-wire.md §9). */
public final class InputsMessages {

    /** Inputs channel capability bit: the server accepts KEY_SCANCODE (§9). */
    public static final int CAP_KEY_SCANCODE = 0;

    /** Keyboard modifier (lock) bits (§9.1). */
    public static final int SCROLL_LOCK = 1, NUM_LOCK = 2, CAPS_LOCK = 4;

    /** Mouse button numbers of MOUSE_PRESS and MOUSE_RELEASE (§9.4). */
    public static final int BUTTON_LEFT = 1, BUTTON_MIDDLE = 2, BUTTON_RIGHT = 3, BUTTON_UP = 4, BUTTON_DOWN = 5,
            BUTTON_SIDE = 6, BUTTON_EXTRA = 7;

    /** Bits of {@code buttons_state}, the state after the event (§9.4). */
    public static final int BUTTON_MASK_LEFT = 0x01, BUTTON_MASK_MIDDLE = 0x02, BUTTON_MASK_RIGHT = 0x04,
            BUTTON_MASK_UP = 0x08, BUTTON_MASK_DOWN = 0x10, BUTTON_MASK_SIDE = 0x20, BUTTON_MASK_EXTRA = 0x40;

    /** The server sends one MOUSE_MOTION_ACK per this many MOUSE_MOTION and MOUSE_POSITION messages (§9.4). */
    public static final int MOTION_ACK_BUNCH = 4;

    private InputsMessages() {
    }

    /** INPUTS_INIT (server, 101): u16 keyboard modifiers (§9.1). */
    public record InputsInit(int modifiers) implements SpiceMessage {
        public static final int TYPE = 101;

        /** Checks the u16 field. */
        public InputsInit {
            Bodies.u16(modifiers, "keyboard_modifiers");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 2;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putShort((short) modifiers);
        }

        public static InputsInit decode(ByteBuffer body) {
            return new InputsInit(Bodies.exactly(body, 2, "INPUTS_INIT").getShort() & 0xffff);
        }
    }

    /** KEY_MODIFIERS (server, 102): u16 modifiers (§9.1). The client's message is {@link ClientKeyModifiers}. */
    public record KeyModifiers(int modifiers) implements SpiceMessage {
        public static final int TYPE = 102;

        /** Checks the u16 field. */
        public KeyModifiers {
            Bodies.u16(modifiers, "modifiers");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 2;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putShort((short) modifiers);
        }

        public static KeyModifiers decode(ByteBuffer body) {
            return new KeyModifiers(Bodies.exactly(body, 2, "KEY_MODIFIERS").getShort() & 0xffff);
        }
    }

    /** MOUSE_MOTION_ACK (server, 111), empty: one per {@link #MOTION_ACK_BUNCH} motion messages (§9.4). */
    public record MouseMotionAck() implements SpiceMessage {
        public static final int TYPE = 111;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 0;
        }

        @Override
        public void writeBody(ByteBuffer out) {
        }

        public static MouseMotionAck decode(ByteBuffer body) {
            Bodies.exactly(body, 0, "MOUSE_MOTION_ACK");
            return new MouseMotionAck();
        }
    }

    /** KEY_DOWN (client, 101): u32 code, the key's set-1 scancode bytes, first byte lowest (§9.3). */
    public record KeyDown(int code) implements SpiceMessage {
        public static final int TYPE = 101;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 4;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(code);
        }

        /** Returns the scancode bytes, low to high, up to the first zero byte. */
        public byte[] bytes() {
            return codeBytes(code);
        }

        public static KeyDown decode(ByteBuffer body) {
            return new KeyDown(Bodies.exactly(body, 4, "KEY_DOWN").getInt());
        }
    }

    /** KEY_UP (client, 102): u32 code, as {@link KeyDown}; release codes have bit 7 set (§9.3). */
    public record KeyUp(int code) implements SpiceMessage {
        public static final int TYPE = 102;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 4;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(code);
        }

        /** Returns the scancode bytes, low to high, up to the first zero byte. */
        public byte[] bytes() {
            return codeBytes(code);
        }

        public static KeyUp decode(ByteBuffer body) {
            return new KeyUp(Bodies.exactly(body, 4, "KEY_UP").getInt());
        }
    }

    private static byte[] codeBytes(int code) {
        int n = 0;
        while (n < 4 && (code >>> (8 * n) & 0xff) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (code >>> (8 * i));
        }
        return bytes;
    }

    /** KEY_MODIFIERS (client, 103): u16, the client's lock state (§9.2). */
    public record ClientKeyModifiers(int modifiers) implements SpiceMessage {
        public static final int TYPE = 103;

        /** Checks the u16 field. */
        public ClientKeyModifiers {
            Bodies.u16(modifiers, "modifiers");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 2;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putShort((short) modifiers);
        }

        public static ClientKeyModifiers decode(ByteBuffer body) {
            return new ClientKeyModifiers(Bodies.exactly(body, 2, "KEY_MODIFIERS").getShort() & 0xffff);
        }
    }

    /**
     * KEY_SCANCODE (client, 104): set-1 scancode bytes to the end of the body, e.g. {@code 1e 9e} for "a" tapped
     * (§9.3). The array is not copied; equality compares contents.
     */
    public record KeyScancode(byte[] codes) implements SpiceMessage {
        public static final int TYPE = 104;

        /** Checks that the array is present. */
        public KeyScancode {
            Objects.requireNonNull(codes, "codes");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return codes.length;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.put(codes);
        }

        /** Decodes; an empty body gives no codes. */
        public static KeyScancode decode(ByteBuffer body) {
            byte[] codes = new byte[body.remaining()];
            body.duplicate().get(codes);
            return new KeyScancode(codes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyScancode k && Arrays.equals(codes, k.codes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(codes);
        }

        @Override
        public String toString() {
            return "KeyScancode[codes=" + Arrays.toString(codes) + "]";
        }
    }

    /** MOUSE_MOTION (client, 111), 10 bytes: i32 dx, i32 dy, u16 buttons_state; server mouse mode (§9.2). */
    public record MouseMotion(int dx, int dy, int buttons) implements SpiceMessage {
        public static final int TYPE = 111;

        /** Checks the u16 field. */
        public MouseMotion {
            Bodies.u16(buttons, "buttons_state");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 10;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(dx).putInt(dy).putShort((short) buttons);
        }

        public static MouseMotion decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 10, "MOUSE_MOTION");
            return new MouseMotion(b.getInt(), b.getInt(), b.getShort() & 0xffff);
        }
    }

    /**
     * MOUSE_POSITION (client, 112), 11 bytes: u32 x, u32 y, u16 buttons_state, u8 display_id; client mouse mode
     * (§9.2).
     */
    public record MousePosition(int x, int y, int buttons, int displayId) implements SpiceMessage {
        public static final int TYPE = 112;

        /** Checks the u16 and u8 fields. */
        public MousePosition {
            Bodies.u16(buttons, "buttons_state");
            Bodies.u8(displayId, "display_id");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 11;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(x).putInt(y).putShort((short) buttons).put((byte) displayId);
        }

        public static MousePosition decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 11, "MOUSE_POSITION");
            return new MousePosition(b.getInt(), b.getInt(), b.getShort() & 0xffff, b.get() & 0xff);
        }
    }

    /** MOUSE_PRESS (client, 113), 3 bytes: u8 button, u16 buttons_state after the press (§9.4). */
    public record MousePress(int button, int buttons) implements SpiceMessage {
        public static final int TYPE = 113;

        /** Checks the u8 and u16 fields. */
        public MousePress {
            Bodies.u8(button, "button");
            Bodies.u16(buttons, "buttons_state");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 3;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.put((byte) button).putShort((short) buttons);
        }

        public static MousePress decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 3, "MOUSE_PRESS");
            return new MousePress(b.get() & 0xff, b.getShort() & 0xffff);
        }
    }

    /** MOUSE_RELEASE (client, 114), 3 bytes: u8 button, u16 buttons_state after the release (§9.4). */
    public record MouseRelease(int button, int buttons) implements SpiceMessage {
        public static final int TYPE = 114;

        /** Checks the u8 and u16 fields. */
        public MouseRelease {
            Bodies.u8(button, "button");
            Bodies.u16(buttons, "buttons_state");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 3;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.put((byte) button).putShort((short) buttons);
        }

        public static MouseRelease decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 3, "MOUSE_RELEASE");
            return new MouseRelease(b.get() & 0xff, b.getShort() & 0xffff);
        }
    }
}
