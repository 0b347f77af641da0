package io.saffron.core.protocol;

import static io.saffron.core.protocol.Feeds.concat;
import static io.saffron.core.protocol.Feeds.hex;
import static io.saffron.core.protocol.Feeds.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.saffron.core.protocol.MessageFramer.Message;

class MessageFramerTest {

    private static final String CHANNEL = "display:0";

    /** The mini header and body of MAIN_INIT observed after the link result (spice-wire.md §1.7). */
    private static final byte[] MAIN_INIT_HEADER = hex("67 00 20 00 00 00");
    private static final byte[] MAIN_INIT_BODY = hex("""
            5a e4 80 ff 01 00 00 00 03 00 00 00 01 00 00 00
            00 00 00 00 0a 00 00 00 33 ca 06 00 00 e0 ff 06
            """);

    /**
     * One framing case: the stream, the header form and limit, and the trace the framer must produce: a line
     * {@code msg <type> <serial> <body hex>} per message and, for error cases, a last line
     * {@code error <exception class> <message>}.
     */
    record FrameCase(String name, boolean mini, int maxBodySize, byte[] stream, List<String> trace) {

        @Override
        public String toString() {
            return name;
        }
    }

    static List<FrameCase> cases() {
        List<FrameCase> cases = new ArrayList<>();
        byte[] big = pattern(1000, 5);
        cases.add(new FrameCase("mini: MAIN_INIT (observed), an empty body, a large body", true, 65536,
                concat(MAIN_INIT_HEADER, MAIN_INIT_BODY, mini(1, new byte[0]), mini(0xffff, big)),
                List.of(msg(103, 1, MAIN_INIT_BODY), msg(1, 2, new byte[0]), msg(0xffff, 3, big))));

        byte[] small = pattern(7, 9);
        cases.add(new FrameCase("full: serials come from the header", false, 65536,
                concat(full(1, 101, small), full(2, 1, new byte[0]), full(0x1_0000_0003L, 0xffff, big)),
                List.of(msg(101, 1, small), msg(1, 2, new byte[0]), msg(0xffff, 0x1_0000_0003L, big))));

        byte[] listed = subListBody(3, 0);
        cases.add(new FrameCase("full: sub-message list inside the body", false, 65536,
                concat(withSubList(full(7, 8, listed), 4), full(8, 2, small)),
                List.of(msg(8, 7, listed), msg(2, 8, small))));

        byte[] limit = pattern(100, 1);
        cases.add(new FrameCase("mini: a body of exactly the limit", true, 100, concat(mini(5, limit), mini(6, small)),
                List.of(msg(5, 1, limit), msg(6, 2, small))));

        cases.add(new FrameCase("limit 0 still takes empty bodies", true, 0,
                concat(mini(4, new byte[0]), mini(4, new byte[0])),
                List.of(msg(4, 1, new byte[0]), msg(4, 2, new byte[0]))));

        cases.add(new FrameCase("mini: body over the limit, reported after the header", true, 65536,
                concat(mini(101, small), hex("2e 01 70 11 01 00"), pattern(10, 0)),
                List.of(msg(101, 1, small), error(MessageTooLongException.class,
                        "message size 70000 exceeds limit 65536 (display:0, msg type 302)"))));

        cases.add(new FrameCase("full: body size 0xffffffff", false, 65536,
                concat(full(1, 101, small), Feeds.u32(2, 0), hex("2e 01 ff ff ff ff 00 00 00 00")),
                List.of(msg(101, 1, small), error(MessageTooLongException.class,
                        "message size 4294967295 exceeds limit 65536 (display:0, msg type 302)"))));

        cases.add(new FrameCase("full: sub-message list offset outside the body", false, 65536,
                withSubList(full(1, 302, pattern(30, 0)), 40),
                List.of(error(CorruptedMessageException.class, "sub-message list offset 40 outside a body of 30 "
                        + "bytes (expected: offset + 2 <= size; display:0, msg type 302)"))));

        cases.add(new FrameCase("full: sub-message list count does not fit", false, 65536,
                withSubList(full(1, 302, concat(new byte[] {0, 0, 5, 0}, new byte[6])), 2),
                List.of(error(CorruptedMessageException.class, "sub-message list of 5 entries ends at 24 beyond "
                        + "a body of 10 bytes (expected: end <= size; display:0, msg type 302)"))));

        cases.add(new FrameCase("full: sub-message body does not fit", false, 65536,
                withSubList(full(1, 302, subListBody(3, 1)), 4),
                List.of(error(CorruptedMessageException.class, "sub-message 1 at offset 23 ends at 30 beyond a "
                        + "body of 29 bytes (expected: end <= size; display:0, msg type 302)"))));

        cases.add(new FrameCase("full: sub-message header does not fit", false, 65536,
                withSubList(full(1, 302, concat(new byte[4], hex("01 00 0a 00 00 00"), new byte[4])), 4),
                List.of(error(CorruptedMessageException.class, "sub-message 0 at offset 10 ends at 16 beyond a "
                        + "body of 14 bytes (expected: end <= size; display:0, msg type 302)"))));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameMessagesHoweverTheBytesAreSplit(FrameCase frameCase) {
        for (Feeds.Feeding feeding : Feeds.all(frameCase.stream())) {
            assertEquals(frameCase.trace(), run(frameCase, feeding.chunks()),
                    frameCase.name() + ", fed " + feeding.name());
        }
    }

    @Test
    void encodesTheObservedMainInit() {
        ByteBuffer body = ByteBuffer.wrap(MAIN_INIT_BODY);

        ByteBuffer encoded = MessageFramer.encodeMini(103, body);

        assertEquals(0, encoded.position());
        assertEquals(ByteOrder.LITTLE_ENDIAN, encoded.order());
        assertArrayEquals(concat(MAIN_INIT_HEADER, MAIN_INIT_BODY), Feeds.bytes(encoded));
        assertEquals(0, body.position());
    }

    @Test
    void encodesAFullHeader() {
        ByteBuffer encoded = MessageFramer.encodeFull(0x0102030405060708L, 0x1234, ByteBuffer.wrap(new byte[] {9}));

        assertArrayEquals(hex("08 07 06 05 04 03 02 01 34 12 01 00 00 00 00 00 00 00 09"), Feeds.bytes(encoded));
    }

    @Test
    void headerSizes() {
        assertEquals(6, MessageFramer.headerSize(true));
        assertEquals(18, MessageFramer.headerSize(false));
    }

    @Test
    void returnsAMessageAndLeavesTheRestOfTheInput() {
        MessageFramer framer = new MessageFramer(true, 1024, CHANNEL);
        ByteBuffer in = ByteBuffer.wrap(concat(MAIN_INIT_HEADER, MAIN_INIT_BODY, hex("01 00 00")));

        Message message = framer.next(in);

        assertEquals(new Message(103, ByteBuffer.wrap(MAIN_INIT_BODY), 1), message);
        assertEquals(38, in.position());
        assertNull(framer.next(in));
        assertFalse(in.hasRemaining());
        assertEquals(new Message(1, ByteBuffer.allocate(0), 2), framer.next(ByteBuffer.wrap(hex("00 00 00"))));
    }

    @Test
    void emptyBodyNeedsNoMoreBytes() {
        MessageFramer framer = new MessageFramer(false, 1024, CHANNEL);
        ByteBuffer in = ByteBuffer.wrap(full(9, 3, new byte[0]));

        Message message = framer.next(in);

        assertEquals(0, message.body().remaining());
        assertEquals(9, message.serial());
        assertFalse(in.hasRemaining());
    }

    @Test
    void nextAfterAnErrorThrows() {
        MessageFramer framer = new MessageFramer(true, 10, CHANNEL);
        assertThrows(MessageTooLongException.class, () -> framer.next(ByteBuffer.wrap(hex("01 00 0b 00 00 00"))));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> framer.next(ByteBuffer.wrap(mini(1, new byte[0]))));

        assertEquals("message framer of display:0 failed earlier (expected: connection closed)", e.getMessage());
    }

    @Test
    void argumentChecks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MessageFramer(true, -1, CHANNEL));
        assertEquals("maxBodySize: -1 (expected: >= 0)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> MessageFramer.encodeMini(0x10000, ByteBuffer.allocate(0)));
        assertEquals("message type 65536 (expected: 0..65535)", e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> MessageFramer.encodeFull(1, -1, ByteBuffer.allocate(0)));
        assertThrows(NullPointerException.class, () -> new MessageFramer(true, 1, null));
    }

    @Test
    void exceptionsAreProtocolExceptions() {
        assertEquals(SpiceProtocolException.class, MessageTooLongException.class.getSuperclass());
        assertEquals(SpiceProtocolException.class, CorruptedMessageException.class.getSuperclass());
        assertEquals(RuntimeException.class, SpiceProtocolException.class.getSuperclass());
    }

    @Test
    void headerRecordRoundTrips() {
        MessageHeader header = new MessageHeader(77, 302, 70000, 12);
        ByteBuffer out = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);

        header.encodeFull(out);
        header.encodeMini(out);
        out.flip();

        assertEquals(header, MessageHeader.decodeFull(out));
        assertEquals(new MessageHeader(0, 302, 70000, 0), MessageHeader.decodeMini(out));
        assertEquals(ByteOrder.BIG_ENDIAN, out.order());
    }

    /**
     * Feeds chunks as a connection loop would and records the messages; each chunk is scribbled over once the
     * framer is through with it, so a body aliasing the input would show up as garbage.
     */
    private static List<String> run(FrameCase frameCase, List<ByteBuffer> chunks) {
        MessageFramer framer = new MessageFramer(frameCase.mini(), frameCase.maxBodySize(), CHANNEL);
        List<Message> messages = new ArrayList<>();
        String error = null;
        chunks:
        for (ByteBuffer chunk : chunks) {
            try {
                Message message;
                while ((message = framer.next(chunk)) != null) {
                    messages.add(message);
                }
                assertFalse(chunk.hasRemaining(), "null left bytes unread");
            } catch (SpiceProtocolException e) {
                error = error(e.getClass(), e.getMessage());
                break chunks;
            }
            Feeds.scribble(chunk);
        }
        List<String> trace = new ArrayList<>();
        for (Message message : messages) {
            assertEquals(0, message.body().position());
            assertEquals(ByteOrder.LITTLE_ENDIAN, message.body().order());
            trace.add(msg(message.type(), message.serial(), Feeds.bytes(message.body())));
        }
        if (error != null) {
            trace.add(error);
        }
        return trace;
    }

    private static String msg(int type, long serial, byte[] body) {
        return "msg " + type + " " + serial + " " + hex(body);
    }

    private static String error(Class<?> type, String message) {
        return "error " + type.getSimpleName() + " " + message;
    }

    private static byte[] mini(int type, byte[] body) {
        return Feeds.bytes(MessageFramer.encodeMini(type, ByteBuffer.wrap(body)));
    }

    private static byte[] full(long serial, int type, byte[] body) {
        return Feeds.bytes(MessageFramer.encodeFull(serial, type, ByteBuffer.wrap(body)));
    }

    /** Sets the sub_list field of an encoded full-header message. */
    private static byte[] withSubList(byte[] message, int subList) {
        ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).putInt(14, subList);
        return message;
    }

    /**
     * A body with 4 leading bytes, then a sub-message list of two entries at offset 4, then the two sub-messages
     * ({@code u16 type; u32 size; body}) with bodies of {@code firstSize} and 0 bytes; {@code overrun} is added to
     * the second one's size field.
     */
    private static byte[] subListBody(int firstSize, int overrun) {
        int first = 4 + 2 + 2 * 4;
        int second = first + 6 + firstSize;
        ByteBuffer body = ByteBuffer.allocate(second + 6).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(0xdeadbeef).putShort((short) 2).putInt(first).putInt(second);
        body.putShort((short) 101).putInt(firstSize).put(pattern(firstSize, 3));
        body.putShort((short) 102).putInt(overrun);
        return body.array();
    }
}
