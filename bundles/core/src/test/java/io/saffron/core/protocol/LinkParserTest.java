package io.saffron.core.protocol;

import static io.saffron.core.protocol.Feeds.concat;
import static io.saffron.core.protocol.Feeds.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.saffron.core.protocol.LinkCases.LinkCase;
import io.saffron.core.protocol.LinkParser.Event;

class LinkParserTest {

    static Stream<LinkCase> cases() {
        return Stream.of(LinkCases.canonical(), LinkCases.unusual(), LinkCases.errors()).flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameEventsHoweverTheBytesAreSplit(LinkCase linkCase) {
        for (Feeds.Feeding feeding : Feeds.all(linkCase.stream())) {
            assertEquals(linkCase.trace(), run(feeding.chunks()), linkCase.name() + ", fed " + feeding.name());
        }
    }

    @Test
    void everyTruncationOfAValidStreamNeedsMore() {
        byte[] stream = concat(LinkCases.SPICE_GTK_MAIN, LinkCases.MECHANISM_SPICE, LinkCases.TICKET);
        for (int length = 0; length < stream.length; length++) {
            byte[] prefix = Arrays.copyOf(stream, length);
            List<String> expected = length < LinkCases.SPICE_GTK_MAIN.length ? List.of("need more")
                    : List.of("link " + LinkCases.SPICE_GTK_MAIN_MESSAGE, "need more");
            for (Feeds.Feeding feeding : List.of(Feeds.all(prefix).get(0), Feeds.all(prefix).get(1),
                    Feeds.all(prefix).get(2 + length % Feeds.SEEDS))) {
                assertEquals(expected, run(feeding.chunks()), length + " bytes fed " + feeding.name());
            }
        }
    }

    @Test
    void consumesOnlyWhatTheNextEventNeeds() throws SpiceLinkException {
        byte[] after = Feeds.pattern(5000, 3);
        ByteBuffer in = ByteBuffer.wrap(concat(LinkCases.SPICE_GTK_MAIN, LinkCases.MECHANISM_SPICE,
                LinkCases.TICKET, after));
        LinkParser parser = new LinkParser();

        assertEquals(Event.LINK_MESSAGE, parser.feed(in));
        assertEquals(LinkCases.SPICE_GTK_MAIN.length, in.position());
        assertFalse(parser.isDone());

        assertEquals(Event.TICKET, parser.feed(in));
        assertEquals(LinkCases.SPICE_GTK_MAIN.length + 4 + LinkParser.TICKET_BYTES, in.position());
        assertEquals(after.length, in.remaining());
        assertTrue(parser.isDone());
        assertEquals(CommonCaps.AUTH_SPICE, parser.authMechanism());
        assertArrayEquals(LinkCases.TICKET, parser.ticket());
    }

    @Test
    void readsNoMoreThanTheDeclaredSize() throws SpiceLinkException {
        byte[] declared = LinkCases.linkMess(0, 0, 0, LinkHeader.MAX_MESSAGE_SIZE);
        ByteBuffer in = ByteBuffer.wrap(concat(declared, new byte[100_000]));
        LinkParser parser = new LinkParser();

        assertEquals(Event.LINK_MESSAGE, parser.feed(in));

        assertEquals(LinkHeader.BYTES + LinkHeader.MAX_MESSAGE_SIZE, in.position());
    }

    @Test
    void emptyInputNeedsMore() throws SpiceLinkException {
        LinkParser parser = new LinkParser();

        assertEquals(Event.NEED_MORE, parser.feed(ByteBuffer.allocate(0)));
        assertFalse(parser.isDone());
    }

    @Test
    void badMagicIsReportedAfterFourBytesWithoutWaitingForTheHeader() {
        LinkParser parser = new LinkParser();
        ByteBuffer in = ByteBuffer.wrap(new byte[] {'R', 'E', 'D', 'X', 2, 0, 0, 0});

        SpiceLinkException e = assertThrows(SpiceLinkException.class, () -> parser.feed(in));

        assertEquals(LinkError.INVALID_MAGIC, e.error());
        assertEquals(4, in.position());
    }

    @Test
    void feedAfterTicketThrows() throws SpiceLinkException {
        LinkParser parser = new LinkParser();
        ByteBuffer in = ByteBuffer.wrap(concat(LinkCases.SPICE_GTK_MAIN, LinkCases.MECHANISM_SPICE));
        assertEquals(Event.LINK_MESSAGE, parser.feed(in));
        assertEquals(Event.NEED_MORE, parser.feed(in));
        assertEquals(Event.TICKET, parser.feed(ByteBuffer.wrap(LinkCases.TICKET)));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parser.feed(ByteBuffer.allocate(0)));

        assertEquals("link stage already complete (expected: no feed after TICKET)", e.getMessage());
    }

    @Test
    void feedAfterErrorThrows() {
        LinkParser parser = new LinkParser();
        assertThrows(SpiceLinkException.class, () -> parser.feed(ByteBuffer.wrap(LinkCases.header(3, 2, 26))));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parser.feed(ByteBuffer.wrap(LinkCases.SPICE_GTK_MAIN)));

        assertEquals("link parser failed earlier (expected: connection closed)", e.getMessage());
    }

    @Test
    void resultsAreUnavailableBeforeTheirEvent() throws SpiceLinkException {
        LinkParser parser = new LinkParser();
        assertThrows(IllegalStateException.class, parser::linkMessage);
        assertThrows(IllegalStateException.class, parser::authMechanism);
        assertThrows(IllegalStateException.class, parser::ticket);

        assertEquals(Event.LINK_MESSAGE, parser.feed(ByteBuffer.wrap(LinkCases.SPICE_GTK_MAIN)));

        assertEquals(LinkCases.SPICE_GTK_MAIN_MESSAGE, parser.linkMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class, parser::ticket);
        assertEquals("ticket not parsed yet (expected: after TICKET)", e.getMessage());
    }

    @Test
    void ticketIsACopy() throws SpiceLinkException {
        LinkParser parser = new LinkParser();
        ByteBuffer in = ByteBuffer.wrap(concat(LinkCases.SPICE_GTK_MAIN, LinkCases.MECHANISM_SPICE,
                LinkCases.TICKET));
        assertEquals(Event.LINK_MESSAGE, parser.feed(in));
        assertEquals(Event.TICKET, parser.feed(in));

        parser.ticket()[0] ^= 1;

        assertArrayEquals(LinkCases.TICKET, parser.ticket());
    }

    /**
     * Feeds chunks the way a connection loop would and records what comes out; each chunk is scribbled over once
     * the parser is through with it, to prove the parser kept copies and not references.
     */
    static List<String> run(List<ByteBuffer> chunks) {
        List<String> trace = new ArrayList<>();
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        LinkParser parser = new LinkParser();
        for (ByteBuffer chunk : chunks) {
            try {
                while (!parser.isDone()) {
                    Event event = parser.feed(chunk);
                    if (event == Event.NEED_MORE) {
                        assertFalse(chunk.hasRemaining(), "NEED_MORE left bytes unread");
                        break;
                    } else if (event == Event.LINK_MESSAGE) {
                        trace.add("link " + parser.linkMessage());
                    } else {
                        trace.add("ticket " + parser.authMechanism() + " " + hex(parser.ticket()));
                    }
                }
            } catch (SpiceLinkException e) {
                trace.add("error " + e.error() + " " + e.getMessage());
                return trace;
            }
            rest.writeBytes(Feeds.bytes(chunk));
            Feeds.scribble(chunk);
        }
        if (rest.size() > 0) {
            trace.add("rest " + hex(rest.toByteArray()));
        }
        trace.add(parser.isDone() ? "done" : "need more");
        return trace;
    }
}
