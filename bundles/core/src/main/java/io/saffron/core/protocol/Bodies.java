package io.saffron.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Helpers for decoders: a little-endian view of a body and size checks that name the message. */
final class Bodies {

    private Bodies() {
    }

    /** A little-endian duplicate positioned where {@code body} is, so the caller's buffer is left untouched. */
    private static ByteBuffer le(ByteBuffer body) {
        return body.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Checks a fixed-size body; {@code size} is a long so that sizes computed from u32 counts cannot overflow. */
    static ByteBuffer exactly(ByteBuffer body, long size, String message) {
        if (body.remaining() != size) {
            throw new CorruptedMessageException(message + " body is " + body.remaining() + " bytes (expected: "
                    + size + ")");
        }
        return le(body);
    }

    /** Checks that {@code value} fits a u8 field, for record constructors. */
    static int u8(int value, String field) {
        if ((value & ~0xff) != 0) {
            throw new IllegalArgumentException(field + " " + value + " (expected: 0..255)");
        }
        return value;
    }

    /** Checks that {@code value} fits a u16 field, for record constructors. */
    static int u16(int value, String field) {
        if ((value & ~0xffff) != 0) {
            throw new IllegalArgumentException(field + " " + value + " (expected: 0..65535)");
        }
        return value;
    }

    /** Checks that {@code value} fits an i16 field, for record constructors. */
    static int i16(int value, String field) {
        if (value != (short) value) {
            throw new IllegalArgumentException(field + " " + value + " (expected: -32768..32767)");
        }
        return value;
    }

    /** Checks a body with a fixed part and a variable tail. */
    static ByteBuffer atLeast(ByteBuffer body, int size, String message) {
        if (body.remaining() < size) {
            throw new CorruptedMessageException(message + " body is " + body.remaining() + " bytes (expected: at least "
                    + size + ")");
        }
        return le(body);
    }

    /** Checks that {@code n} more bytes follow the position of {@code b}, a part of the body named {@code what}. */
    static void need(ByteBuffer b, int n, String what) {
        if (b.remaining() < n) {
            throw new CorruptedMessageException(what + " at offset " + b.position() + " is cut off: "
                    + b.remaining() + " bytes left (expected: at least " + n + ")");
        }
    }
}
