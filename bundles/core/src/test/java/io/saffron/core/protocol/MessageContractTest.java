package io.saffron.core.protocol;

import static io.saffron.core.protocol.MessageCase.assertCorrupted;
import static io.saffron.core.protocol.MessageCase.encodeHex;
import static io.saffron.core.protocol.MessageCase.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules every message record follows, checked over the case tables of all four channels: exact bytes, decoding
 * from any buffer, round trips, and corrupt lengths.
 */
class MessageContractTest {

    static List<MessageCase> cases() {
        List<MessageCase> all = new ArrayList<>();
        all.addAll(MainMessagesTest.cases());
        all.addAll(DisplayMessagesTest.cases());
        all.addAll(CursorMessagesTest.cases());
        all.addAll(InputsMessagesTest.cases());
        return all;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void encodesToTheSpecBytes(MessageCase c) {
        assertEquals(Feeds.hex(c.bytes()), encodeHex(c.message()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void writesAtTheBufferPositionAndAdvancesByBodySize(MessageCase c) {
        ByteBuffer out = ByteBuffer.allocate(c.message().bodySize() + 10).order(ByteOrder.LITTLE_ENDIAN);
        out.position(7);

        c.message().writeBody(out);

        assertEquals(7 + c.message().bodySize(), out.position());
        assertEquals(Feeds.hex(c.bytes()), Feeds.hex(Arrays.copyOfRange(out.array(), 7, out.position())));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesFromAHeapBufferAtAnyPositionAndOrderWithoutMovingIt(MessageCase c) {
        ByteBuffer body = wrapped(c.bytes(), false);
        int position = body.position();

        assertEquals(c.message(), c.decoder().apply(body));
        assertEquals(position, body.position());
        assertEquals(ByteOrder.BIG_ENDIAN, body.order());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesFromADirectBuffer(MessageCase c) {
        assertEquals(c.message(), c.decoder().apply(wrapped(c.bytes(), true)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void roundTrips(MessageCase c) {
        Object decoded = c.decoder().apply(c.message().encode());

        assertEquals(c.message(), decoded);
        assertEquals(c.message().hashCode(), decoded.hashCode());
        assertEquals(encodeHex(c.message()), encodeHex((SpiceMessage) decoded));
    }

    static List<MessageCase> truncatable() {
        return cases().stream().filter(c -> c.shape() != MessageCase.Shape.ANY).toList();
    }

    static List<MessageCase> exact() {
        return cases().stream().filter(c -> c.shape() == MessageCase.Shape.EXACT).toList();
    }

    static List<MessageCase> openEnded() {
        return cases().stream().filter(c -> c.shape() != MessageCase.Shape.EXACT).toList();
    }

    @ParameterizedTest
    @MethodSource("truncatable")
    void rejectsEveryTruncatedBody(MessageCase c) {
        byte[] bytes = c.bytes();
        for (int n = 0; n < bytes.length; n++) {
            ByteBuffer body = wrapped(Arrays.copyOf(bytes, n), n % 2 == 0);
            assertCorrupted(() -> c.decoder().apply(body), c.wireName(), "expected");
        }
    }

    @ParameterizedTest
    @MethodSource("exact")
    void rejectsExtraBytesWhereTheLayoutIsFixed(MessageCase c) {
        byte[] bytes = Arrays.copyOf(c.bytes(), c.bytes().length + 1);

        assertCorrupted(() -> c.decoder().apply(wrapped(bytes, false)), c.wireName(), "expected");
    }

    @ParameterizedTest
    @MethodSource("openEnded")
    void openEndedBodiesTakeTrailingBytesAsData(MessageCase c) {
        byte[] bytes = Arrays.copyOf(c.bytes(), c.bytes().length + 3);

        Object decoded = c.decoder().apply(wrapped(bytes, false));

        assertNotEquals(c.message(), decoded);
        assertEquals(Feeds.hex(bytes), encodeHex((SpiceMessage) decoded));
    }

    @Test
    void everyMessageRecordOfTheFourChannelsHasACase() {
        Set<Class<?>> covered = new HashSet<>();
        for (MessageCase c : cases()) {
            covered.add(c.message().getClass());
        }
        Set<Class<?>> records = new HashSet<>();
        for (Class<?> holder : List.of(MainMessages.class, DisplayMessages.class, CursorMessages.class,
                InputsMessages.class)) {
            for (Class<?> nested : holder.getDeclaredClasses()) {
                if (SpiceMessage.class.isAssignableFrom(nested)) {
                    records.add(nested);
                }
            }
        }
        records.remove(DisplayMessages.DrawCopy.class); // its decode returns DrawCopy.Decoded: DrawCopyTest

        assertEquals(records, covered);
        assertEquals(43, records.size());
    }
}
