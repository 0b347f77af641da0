package io.saffron.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/** Cursor channel messages (spice-wire.md §8), all server to client; the client sends only common messages. */
public final class CursorMessages {

    /** SpiceCursor flags (§8). */
    public static final int FLAG_NONE = 1, FLAG_CACHE_ME = 2, FLAG_FROM_CACHE = 4;

    /** Cursor types (§8). */
    public static final int TYPE_ALPHA = 0, TYPE_MONO = 1, TYPE_COLOR4 = 2, TYPE_COLOR8 = 3, TYPE_COLOR16 = 4,
            TYPE_COLOR24 = 5, TYPE_COLOR32 = 6;

    /** The size of SpiceCursorHeader. */
    static final int HEADER_BYTES = 17;

    private CursorMessages() {
    }

    /**
     * SpiceCursor (§8): u16 flags; unless {@link #FLAG_NONE} is set a 17-byte header (u64 unique, u8 type, u16
     * width, height, hot_spot_x, hot_spot_y); then {@code data} to the end of the body. With FLAG_NONE the header
     * fields are not written (decoded as 0). An ALPHA cursor that is not {@link #FLAG_FROM_CACHE} must carry exactly
     * 4·width·height data bytes, as spice-gtk reads that many unchecked. The array is not copied; equality compares
     * contents.
     */
    public record Cursor(int flags, long unique, int cursorType, int width, int height, int hotX, int hotY,
            byte[] data) {

        /**
         * Checks field ranges and the ALPHA data length.
         *
         * @throws IllegalArgumentException if a field does not fit its wire type or ALPHA data has the wrong length
         */
        public Cursor {
            Objects.requireNonNull(data, "data");
            Bodies.u16(flags, "cursor flags");
            Bodies.u8(cursorType, "cursor type");
            Bodies.u16(width, "cursor width");
            Bodies.u16(height, "cursor height");
            Bodies.u16(hotX, "cursor hot_spot_x");
            Bodies.u16(hotY, "cursor hot_spot_y");
            if (alphaLengthMatters(flags, cursorType) && data.length != 4L * width * height) {
                throw new IllegalArgumentException("ALPHA cursor " + width + "x" + height + " has " + data.length
                        + " data bytes (expected: " + 4L * width * height + ")");
            }
        }

        /** Returns the cursor with flag NONE: no shape. */
        public static Cursor none() {
            return new Cursor(FLAG_NONE, 0, 0, 0, 0, 0, 0, new byte[0]);
        }

        /**
         * Returns an ALPHA cursor: flags 0, unique 0, data the pixels as u32 LE (bytes B, G, R, A).
         *
         * @param argb width·height pixels 0xAARRGGBB with straight alpha, top row first
         * @throws IllegalArgumentException if the sizes are out of range or {@code argb} has another length
         */
        public static Cursor alpha(int width, int height, int hotX, int hotY, int[] argb) {
            Bodies.u16(width, "cursor width");
            Bodies.u16(height, "cursor height");
            if (argb.length != (long) width * height) {
                throw new IllegalArgumentException("ALPHA cursor " + width + "x" + height + " has " + argb.length
                        + " pixels (expected: " + (long) width * height + ")");
            }
            byte[] data = new byte[4 * argb.length];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(argb);
            return new Cursor(0, 0, TYPE_ALPHA, width, height, hotX, hotY, data);
        }

        private static boolean alphaLengthMatters(int flags, int cursorType) {
            return (flags & (FLAG_NONE | FLAG_FROM_CACHE)) == 0 && cursorType == TYPE_ALPHA;
        }

        private boolean hasHeader() {
            return (flags & FLAG_NONE) == 0;
        }

        /** The encoded size. */
        int size() {
            return 2 + (hasHeader() ? HEADER_BYTES : 0) + data.length;
        }

        /** Writes the cursor at the position of {@code out}, a little-endian buffer, and advances it. */
        void write(ByteBuffer out) {
            out.putShort((short) flags);
            if (hasHeader()) {
                out.putLong(unique).put((byte) cursorType).putShort((short) width).putShort((short) height)
                        .putShort((short) hotX).putShort((short) hotY);
            }
            out.put(data);
        }

        /** Reads a cursor from the position of {@code in}, a little-endian buffer, to its limit. */
        static Cursor read(ByteBuffer in, String message) {
            if (in.remaining() < 2) {
                throw new CorruptedMessageException(message + " cursor flags at offset " + in.position()
                        + " are cut off: " + in.remaining() + " bytes left (expected: 2)");
            }
            int flags = in.getShort() & 0xffff;
            long unique = 0;
            int type = 0;
            int width = 0;
            int height = 0;
            int hotX = 0;
            int hotY = 0;
            if ((flags & FLAG_NONE) == 0) {
                if (in.remaining() < HEADER_BYTES) {
                    throw new CorruptedMessageException(message + " cursor header at offset " + in.position()
                            + " is cut off: " + in.remaining() + " bytes left (expected: " + HEADER_BYTES + ")");
                }
                unique = in.getLong();
                type = in.get() & 0xff;
                width = in.getShort() & 0xffff;
                height = in.getShort() & 0xffff;
                hotX = in.getShort() & 0xffff;
                hotY = in.getShort() & 0xffff;
            }
            if (alphaLengthMatters(flags, type) && in.remaining() != 4L * width * height) {
                throw new CorruptedMessageException(message + " ALPHA cursor " + width + "x" + height + " has "
                        + in.remaining() + " data bytes (expected: " + 4L * width * height + ")");
            }
            byte[] data = new byte[in.remaining()];
            in.get(data);
            return new Cursor(flags, unique, type, width, height, hotX, hotY, data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cursor c && flags == c.flags && unique == c.unique && cursorType == c.cursorType
                    && width == c.width && height == c.height && hotX == c.hotX && hotY == c.hotY
                    && Arrays.equals(data, c.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(flags, unique, cursorType, width, height, hotX, hotY) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Cursor[flags=" + flags + ", unique=" + unique + ", type=" + cursorType + ", " + width + "x"
                    + height + ", hot=" + hotX + "," + hotY + ", " + data.length + " data bytes]";
        }
    }

    /**
     * CURSOR_INIT (server, 101): SpicePoint16 position (i16 x, y), u16 trail_length, u16 trail_frequency, u8 visible,
     * SpiceCursor (§8). Send once, first.
     */
    public record CursorInit(int x, int y, int trailLength, int trailFrequency, boolean visible, Cursor cursor)
            implements SpiceMessage {
        public static final int TYPE = 101;

        /** Checks field ranges. */
        public CursorInit {
            Bodies.i16(x, "x");
            Bodies.i16(y, "y");
            Bodies.u16(trailLength, "trail_length");
            Bodies.u16(trailFrequency, "trail_frequency");
            Objects.requireNonNull(cursor, "cursor");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 9 + cursor.size();
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putShort((short) x).putShort((short) y).putShort((short) trailLength).putShort((short) trailFrequency)
                    .put((byte) (visible ? 1 : 0));
            cursor.write(out);
        }

        /** Decodes; any non-zero visible byte is true. */
        public static CursorInit decode(ByteBuffer body) {
            ByteBuffer b = Bodies.atLeast(body, 11, "CURSOR_INIT");
            return new CursorInit(b.getShort(), b.getShort(), b.getShort() & 0xffff, b.getShort() & 0xffff,
                    b.get() != 0, Cursor.read(b, "CURSOR_INIT"));
        }
    }

    /** CURSOR_RESET (server, 102), empty: the client clears its cache and expects a new INIT (§8). */
    public record CursorReset() implements SpiceMessage {
        public static final int TYPE = 102;

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

        public static CursorReset decode(ByteBuffer body) {
            Bodies.exactly(body, 0, "CURSOR_RESET");
            return new CursorReset();
        }
    }

    /** CURSOR_SET (server, 103): SpicePoint16 position, u8 visible, SpiceCursor (§8). */
    public record CursorSet(int x, int y, boolean visible, Cursor cursor) implements SpiceMessage {
        public static final int TYPE = 103;

        /** Checks field ranges. */
        public CursorSet {
            Bodies.i16(x, "x");
            Bodies.i16(y, "y");
            Objects.requireNonNull(cursor, "cursor");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 5 + cursor.size();
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putShort((short) x).putShort((short) y).put((byte) (visible ? 1 : 0));
            cursor.write(out);
        }

        /** Decodes; any non-zero visible byte is true. */
        public static CursorSet decode(ByteBuffer body) {
            ByteBuffer b = Bodies.atLeast(body, 7, "CURSOR_SET");
            return new CursorSet(b.getShort(), b.getShort(), b.get() != 0, Cursor.read(b, "CURSOR_SET"));
        }
    }

    /** CURSOR_MOVE (server, 104): SpicePoint16 position (§8). */
    public record CursorMove(int x, int y) implements SpiceMessage {
        public static final int TYPE = 104;

        /** Checks field ranges. */
        public CursorMove {
            Bodies.i16(x, "x");
            Bodies.i16(y, "y");
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
            out.putShort((short) x).putShort((short) y);
        }

        public static CursorMove decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 4, "CURSOR_MOVE");
            return new CursorMove(b.getShort(), b.getShort());
        }
    }

    /** CURSOR_HIDE (server, 105), empty (§8). */
    public record CursorHide() implements SpiceMessage {
        public static final int TYPE = 105;

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

        public static CursorHide decode(ByteBuffer body) {
            Bodies.exactly(body, 0, "CURSOR_HIDE");
            return new CursorHide();
        }
    }

    /** CURSOR_TRAIL (server, 106): u16 length, u16 frequency (§8). */
    public record CursorTrail(int length, int frequency) implements SpiceMessage {
        public static final int TYPE = 106;

        /** Checks field ranges. */
        public CursorTrail {
            Bodies.u16(length, "length");
            Bodies.u16(frequency, "frequency");
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
            out.putShort((short) length).putShort((short) frequency);
        }

        public static CursorTrail decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 4, "CURSOR_TRAIL");
            return new CursorTrail(b.getShort() & 0xffff, b.getShort() & 0xffff);
        }
    }

    /** CURSOR_INVAL_ONE (server, 107): u64 cursor unique id (§8). */
    public record CursorInvalOne(long id) implements SpiceMessage {
        public static final int TYPE = 107;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 8;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putLong(id);
        }

        public static CursorInvalOne decode(ByteBuffer body) {
            return new CursorInvalOne(Bodies.exactly(body, 8, "CURSOR_INVAL_ONE").getLong());
        }
    }

    /** CURSOR_INVAL_ALL (server, 108), empty (§8). */
    public record CursorInvalAll() implements SpiceMessage {
        public static final int TYPE = 108;

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

        public static CursorInvalAll decode(ByteBuffer body) {
            Bodies.exactly(body, 0, "CURSOR_INVAL_ALL");
            return new CursorInvalAll();
        }
    }
}
