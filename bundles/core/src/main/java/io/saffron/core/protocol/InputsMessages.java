package io.saffron.core.protocol;

import java.nio.ByteBuffer;

/**
 * Messages of the inputs channel (spice-wire.md §9): server-to-client INIT, KEY_MODIFIERS and MOUSE_MOTION_ACK;
 * client-to-server key, modifier and mouse messages.
 */
public final class InputsMessages {

    /** Channel capability: the server accepts KEY_SCANCODE (104). */
    public static final int CAP_KEY_SCANCODE = 0;

    /** One MOUSE_MOTION_ACK per this many MOUSE_MOTION and MOUSE_POSITION messages, counted together. */
    public static final int MOTION_ACK_BUNCH = 4;

    /** Keyboard modifier bits of INIT and KEY_MODIFIERS (both directions). */
    public static final int SCROLL_LOCK = 1, NUM_LOCK = 2, CAPS_LOCK = 4;

    private InputsMessages() {
    }

    /** INIT (server, 101): the keyboard lock state. */
    public record InputsInit(int modifiers) implements SpiceMessage {
        public static final int TYPE = 101;

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
            return new InputsInit(Bodies.exactly(body, 2, "INPUTS INIT").getShort() & 0xFFFF);
        }
    }

    /** KEY_MODIFIERS (server, 102): the keyboard lock state changed. */
    public record KeyModifiers(int modifiers) implements SpiceMessage {
        public static final int TYPE = 102;

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
            return new KeyModifiers(Bodies.exactly(body, 2, "KEY_MODIFIERS").getShort() & 0xFFFF);
        }
    }

    /** MOUSE_MOTION_ACK (server, 111): {@link #MOTION_ACK_BUNCH} motion messages were handled. */
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

    /** KEY_DOWN (client, 101): the scancode bytes of a key, first byte in the low byte. */
    public record KeyDown(int code) implements SpiceMessage {
        public static final int TYPE = 101;

        /** The scancode bytes, low byte first, up to the first zero byte. */
        public byte[] bytes() {
            return codeBytes(code);
        }

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

        public static KeyDown decode(ByteBuffer body) {
            return new KeyDown(Bodies.exactly(body, 4, "KEY_DOWN").getInt());
        }
    }

    /** KEY_UP (client, 102): the scancode bytes of a key release, first byte in the low byte. */
    public record KeyUp(int code) implements SpiceMessage {
        public static final int TYPE = 102;

        /** The scancode bytes, low byte first, up to the first zero byte. */
        public byte[] bytes() {
            return codeBytes(code);
        }

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

        public static KeyUp decode(ByteBuffer body) {
            return new KeyUp(Bodies.exactly(body, 4, "KEY_UP").getInt());
        }
    }

    /** KEY_MODIFIERS (client, 103): the client's lock state. */
    public record ClientKeyModifiers(int modifiers) implements SpiceMessage {
        public static final int TYPE = 103;

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
            return new ClientKeyModifiers(Bodies.exactly(body, 2, "KEY_MODIFIERS").getShort() & 0xFFFF);
        }
    }

    /** KEY_SCANCODE (client, 104): raw scancode bytes to the end of the body. */
    public record KeyScancode(byte[] codes) implements SpiceMessage {
        public static final int TYPE = 104;

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

        public static KeyScancode decode(ByteBuffer body) {
            ByteBuffer b = Bodies.le(body);
            byte[] codes = new byte[b.remaining()];
            b.get(codes);
            return new KeyScancode(codes);
        }
    }

    /** MOUSE_MOTION (client, 111): relative motion in server mouse mode. */
    public record MouseMotion(int dx, int dy, int buttons) implements SpiceMessage {
        public static final int TYPE = 111;

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
            return new MouseMotion(b.getInt(), b.getInt(), b.getShort() & 0xFFFF);
        }
    }

    /** MOUSE_POSITION (client, 112): absolute position on a display in client mouse mode. */
    public record MousePosition(int x, int y, int buttons, int displayId) implements SpiceMessage {
        public static final int TYPE = 112;

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
            return new MousePosition(b.getInt(), b.getInt(), b.getShort() & 0xFFFF, b.get() & 0xFF);
        }
    }

    /** MOUSE_PRESS (client, 113): a button went down; {@code buttons} is the state after it. */
    public record MousePress(int button, int buttons) implements SpiceMessage {
        public static final int TYPE = 113;

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
            return new MousePress(b.get() & 0xFF, b.getShort() & 0xFFFF);
        }
    }

    /** MOUSE_RELEASE (client, 114): a button went up; {@code buttons} is the state after it. */
    public record MouseRelease(int button, int buttons) implements SpiceMessage {
        public static final int TYPE = 114;

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
            return new MouseRelease(b.get() & 0xFF, b.getShort() & 0xFFFF);
        }
    }

    private static byte[] codeBytes(int code) {
        int n = 0;
        while (n < 4 && (code >>> (8 * n) & 0xFF) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (code >>> (8 * i));
        }
        return bytes;
    }
}
