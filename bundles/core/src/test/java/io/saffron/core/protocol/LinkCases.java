package io.saffron.core.protocol;

import static io.saffron.core.protocol.Feeds.concat;
import static io.saffron.core.protocol.Feeds.hex;
import static io.saffron.core.protocol.Feeds.pattern;
import static io.saffron.core.protocol.Feeds.u32;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The link-stage test cases shared by {@link LinkMessageTest} (encoder and decoder) and {@link LinkParserTest}
 * (push parser): what a client sends, and what the parser must report, as a trace of lines:
 * {@code link <LinkMessage>}, {@code ticket <mechanism> <hex>}, {@code error <LinkError> <message>},
 * {@code rest <hex>} (bytes after the ticket, left unread) and a last line {@code done} or {@code need more}.
 */
final class LinkCases {

    /** The SpiceLinkHeader and SpiceLinkMess of spice-gtk 0.42 on the main channel (spice-wire.md §1.2). */
    static final byte[] SPICE_GTK_MAIN = hex("""
            52 45 44 51 02 00 00 00 02 00 00 00 1a 00 00 00
            00 00 00 00 01 00 01 00 00 00 01 00 00 00 12 00
            00 00 0d 00 00 00 0f 00 00 00
            """);

    /** The message {@link #SPICE_GTK_MAIN} carries. */
    static final LinkMessage SPICE_GTK_MAIN_MESSAGE =
            new LinkMessage(0, 1, 0, Capabilities.ofWords(0x0d), Capabilities.ofWords(0x0f));

    /** A stand-in for an encrypted ticket. */
    static final byte[] TICKET = pattern(LinkParser.TICKET_BYTES, 11);

    /** The auth mechanism word selecting AUTH_SPICE. */
    static final byte[] MECHANISM_SPICE = u32(CommonCaps.AUTH_SPICE);

    /** One link-stage case. */
    record LinkCase(String name, byte[] stream, List<String> trace, LinkMessage message, int linkBytes) {

        @Override
        public String toString() {
            return name;
        }
    }

    private LinkCases() {
    }

    /** Cases whose link message is what {@link LinkMessage#encode()} produces. */
    static List<LinkCase> canonical() {
        List<LinkCase> cases = new ArrayList<>();
        cases.add(ok("spice-gtk main channel (observed)", SPICE_GTK_MAIN, SPICE_GTK_MAIN_MESSAGE, true));
        cases.add(ok("spice-html5 display channel", null, new LinkMessage(0xff80e45a, 2, 0,
                Capabilities.ofWords(0x09), Capabilities.ofWords(0x02)), true));
        cases.add(ok("no auth selection: ticket follows directly", null,
                new LinkMessage(0, 1, 0, Capabilities.of(CommonCaps.MINI_HEADER), Capabilities.ofWords(0x0f)), false));
        cases.add(ok("no caps at all", null, new LinkMessage(7, 4, 1, Capabilities.NONE, Capabilities.NONE), false));
        cases.add(ok("only channel caps", null,
                new LinkMessage(7, 3, 0, Capabilities.NONE, Capabilities.ofWords(1, 0, 0x80000000)), false));
        cases.add(ok("u32 and u8 extremes", null, new LinkMessage(0xffffffff, 255, 255,
                Capabilities.ofWords(0xffffffff, 0xffffffff), Capabilities.ofWords(0x7fffffff)), true));
        cases.add(ok("as many words as fit in 4096 bytes", null, new LinkMessage(0, 1, 0, Capabilities.of(499 * 32),
                Capabilities.of(518 * 32 + 31).with(CommonCaps.AUTH_SPICE)), false));
        return cases;
    }

    /** Valid cases whose bytes {@link LinkMessage#encode()} would not produce, and cases with trailing bytes. */
    static List<LinkCase> unusual() {
        List<LinkCase> cases = new ArrayList<>();
        LinkMessage gap = new LinkMessage(5, 2, 1, Capabilities.ofWords(0x01), Capabilities.ofWords(0x02));
        cases.add(ok("caps after a gap and padding at the end", concat(header(2, 9, 18 + 4 + 8 + 3),
                u32(5), new byte[] {2, 1}, u32(1, 1, 22), pattern(4, 99), u32(1, 2), pattern(3, 98)), gap, true));
        byte[] max = new byte[LinkHeader.MAX_MESSAGE_SIZE];
        System.arraycopy(concat(u32(0), new byte[] {1, 0}, u32(1, 0, 18), u32(0x0b)), 0, max, 0, 22);
        cases.add(ok("largest message size 4096", concat(header(2, 2, 4096), max),
                new LinkMessage(0, 1, 0, Capabilities.ofWords(0x0b), Capabilities.NONE), true));
        cases.add(ok("caps offset ignored without caps", concat(header(2, 2, 18), u32(0), new byte[] {1, 0},
                u32(0, 0, 3)), new LinkMessage(0, 1, 0, Capabilities.NONE, Capabilities.NONE), false));
        cases.add(ok("minor version not checked", concat(header(2, 77, 26),
                        Arrays.copyOfRange(SPICE_GTK_MAIN, 16, 42)), SPICE_GTK_MAIN_MESSAGE, true));

        byte[] after = hex("67 00 20 00 00 00");
        cases.add(new LinkCase("bytes after the ticket stay unread", concat(SPICE_GTK_MAIN, MECHANISM_SPICE, TICKET,
                after), List.of("link " + SPICE_GTK_MAIN_MESSAGE, "ticket 1 " + hex(TICKET), "rest " + hex(after),
                "done"), SPICE_GTK_MAIN_MESSAGE, SPICE_GTK_MAIN.length));
        return cases;
    }

    /** Cases the parser must reject, each with the exact error. */
    static List<LinkCase> errors() {
        List<LinkCase> cases = new ArrayList<>();
        String redq = "0x51444552 \"REDQ\"";
        cases.add(error("bad magic, reported after 4 bytes", "GEST".getBytes(StandardCharsets.ISO_8859_1),
                LinkError.INVALID_MAGIC, "bad link magic 0x54534547 (expected: " + redq + ")"));
        cases.add(error("bad magic in a whole header", concat(u32(0x51444553), u32(2, 2, 26)),
                LinkError.INVALID_MAGIC, "bad link magic 0x51444553 (expected: " + redq + ")"));
        cases.add(error("websocket request",
                "GET /websockify HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                LinkError.INVALID_MAGIC,
                "websocket is not supported yet (link magic 0x20544547 \"GET \", expected: " + redq + ")"));
        cases.add(error("major version 1", header(1, 2, 26), LinkError.VERSION_MISMATCH,
                "unsupported link major version 1 (expected: 2)"));
        cases.add(error("major version 3", header(3, 2, 26), LinkError.VERSION_MISMATCH,
                "unsupported link major version 3 (expected: 2)"));
        cases.add(error("size 17", header(2, 2, 17), LinkError.INVALID_DATA,
                "link message size 17 out of range (expected: 18..4096)"));
        cases.add(error("size 4097", header(2, 2, 4097), LinkError.INVALID_DATA,
                "link message size 4097 out of range (expected: 18..4096)"));
        cases.add(error("size 0xffffffff", header(2, 2, -1), LinkError.INVALID_DATA,
                "link message size 4294967295 out of range (expected: 18..4096)"));
        cases.add(error("common caps count 1025", linkMess(1025, 0, 18, 4096), LinkError.INVALID_DATA,
                "link message common caps count 1025 exceeds limit 1024"));
        cases.add(error("channel caps count 1025", linkMess(1, 1025, 18, 4096), LinkError.INVALID_DATA,
                "link message channel caps count 1025 exceeds limit 1024"));
        cases.add(error("caps count 0xffffffff", linkMess(-1, 0, 18, 4096), LinkError.INVALID_DATA,
                "link message common caps count 4294967295 exceeds limit 1024"));
        cases.add(error("caps offset 10", linkMess(1, 1, 10, 26), LinkError.INVALID_DATA,
                "link message caps offset 10 points into the fixed part (expected: >= 18)"));
        cases.add(error("caps beyond size", linkMess(1, 1, 18, 22), LinkError.INVALID_DATA,
                "link message caps end at 26 beyond the message size 22 (caps offset 18, word count 2, "
                        + "expected: end <= size)"));
        cases.add(error("caps offset 0xfffffff0", linkMess(1, 0, 0xfffffff0, 22), LinkError.INVALID_DATA,
                "link message caps end at 4294967284 beyond the message size 22 (caps offset 4294967280, word count 1, "
                        + "expected: end <= size)"));
        cases.add(mechanism(2));
        cases.add(mechanism(0));
        cases.add(mechanism(0x01000000));
        return cases;
    }

    /** A valid case followed by the ticket; with the mechanism word iff {@code selection}. */
    private static LinkCase ok(String name, byte[] link, LinkMessage message, boolean selection) {
        byte[] linkBytes = link != null ? link : Feeds.bytes(message.encode());
        byte[] stream = selection ? concat(linkBytes, MECHANISM_SPICE, TICKET) : concat(linkBytes, TICKET);
        return new LinkCase(name, stream, List.of("link " + message, "ticket " + (selection ? 1 : -1) + " "
                + hex(TICKET), "done"), message, linkBytes.length);
    }

    private static LinkCase error(String name, byte[] stream, LinkError error, String message) {
        return new LinkCase(name, stream, List.of("error " + error + " " + message), null, -1);
    }

    private static LinkCase mechanism(int mechanism) {
        return new LinkCase("auth mechanism " + Integer.toUnsignedString(mechanism),
                concat(SPICE_GTK_MAIN, u32(mechanism), TICKET),
                List.of("link " + SPICE_GTK_MAIN_MESSAGE, "error INVALID_DATA unsupported auth mechanism "
                        + Integer.toUnsignedString(mechanism) + " (expected: 1 AUTH_SPICE)"),
                SPICE_GTK_MAIN_MESSAGE, SPICE_GTK_MAIN.length);
    }

    /** A link header with magic "REDQ". */
    static byte[] header(int major, int minor, int size) {
        return u32(LinkHeader.MAGIC, major, minor, size);
    }

    /** A link header and a SpiceLinkMess of {@code size} bytes with the given caps layout, words all 0x0f. */
    static byte[] linkMess(int commonCount, int channelCount, int capsOffset, int size) {
        byte[] message = new byte[size];
        byte[] fixed = concat(u32(0), new byte[] {1, 0}, u32(commonCount, channelCount, capsOffset));
        System.arraycopy(fixed, 0, message, 0, fixed.length);
        for (int i = fixed.length; i < size; i++) {
            message[i] = (byte) (i % 4 == 2 ? 0x0f : 0);
        }
        return concat(header(2, 2, size), message);
    }
}
