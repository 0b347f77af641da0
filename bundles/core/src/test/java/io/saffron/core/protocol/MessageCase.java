package io.saffron.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;

import org.junit.jupiter.api.function.Executable;

/**
 * One message with its expected body bytes, written as hex from the layouts in spice-wire.md, and its decoder.
 *
 * @param name     shown in test names
 * @param wireName the name decoders put into their error messages
 * @param message  the record
 * @param hex      the expected body
 * @param decoder  the record's static decode
 * @param shape    which malformed lengths the decoder must reject
 */
record MessageCase(String name, String wireName, SpiceMessage message, String hex,
        Function<ByteBuffer, ?> decoder, Shape shape) {

    /** How strictly the body length is determined by the layout. */
    enum Shape {
        /** Every shorter and every longer body is corrupt. */
        EXACT,
        /** Every shorter body is corrupt; extra bytes are data running to the end. */
        OPEN_END,
        /** Any length is valid. */
        ANY
    }

    static MessageCase exact(String wireName, SpiceMessage message, String hex, Function<ByteBuffer, ?> decoder) {
        return new MessageCase(wireName + " " + message, wireName, message, hex, decoder, Shape.EXACT);
    }

    static MessageCase of(String wireName, SpiceMessage message, String hex, Function<ByteBuffer, ?> decoder,
            Shape shape) {
        return new MessageCase(wireName + " " + message, wireName, message, hex, decoder, shape);
    }

    byte[] bytes() {
        return Feeds.hex(hex);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Encodes through {@link SpiceMessage#encode()} and returns the body as hex. */
    static String encodeHex(SpiceMessage message) {
        ByteBuffer body = message.encode();
        assertEquals(ByteOrder.LITTLE_ENDIAN, body.order());
        assertEquals(0, body.position());
        assertEquals(message.bodySize(), body.remaining());
        return Feeds.hex(Feeds.bytes(body));
    }

    /** The body in a big-endian buffer with garbage around it, so decoders relying on position 0 or order fail. */
    static ByteBuffer wrapped(byte[] body, boolean direct) {
        return Feeds.chunk(body, 0, body.length, direct).order(ByteOrder.BIG_ENDIAN);
    }

    static ByteBuffer wrapped(String hex) {
        return wrapped(Feeds.hex(hex), false);
    }

    /** Asserts a CorruptedMessageException whose message contains every fragment. */
    static CorruptedMessageException assertCorrupted(Executable decode, String... fragments) {
        CorruptedMessageException e = assertThrows(CorruptedMessageException.class, decode);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
        }
        return e;
    }
}
