package io.saffron.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Helpers for decoders: a little-endian view of a body and size checks that name the message. */
final class Bodies {

    private Bodies() {
    }

    /** A little-endian duplicate positioned where {@code body} is, so the caller's buffer is left untouched. */
    static ByteBuffer le(ByteBuffer body) {
        return body.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Checks a fixed-size body. */
    static ByteBuffer exactly(ByteBuffer body, int size, String message) {
        if (body.remaining() != size) {
            throw new CorruptedMessageException(message + " body is " + body.remaining() + " bytes (expected: "
                    + size + ")");
        }
        return le(body);
    }

    /** Checks a body with a fixed part and a variable tail. */
    static ByteBuffer atLeast(ByteBuffer body, int size, String message) {
        if (body.remaining() < size) {
            throw new CorruptedMessageException(message + " body is " + body.remaining() + " bytes (expected: at least "
                    + size + ")");
        }
        return le(body);
    }
}
