package io.saffron.core.protocol;

import static io.saffron.core.protocol.Feeds.concat;
import static io.saffron.core.protocol.Feeds.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.saffron.core.protocol.LinkCases.LinkCase;

class LinkMessageTest {

    static List<LinkCase> canonical() {
        return LinkCases.canonical();
    }

    static Stream<LinkCase> valid() {
        return Stream.concat(LinkCases.canonical().stream(), LinkCases.unusual().stream());
    }

    @Test
    void encodesTheObservedSpiceGtkMainLink() {
        ByteBuffer encoded = LinkCases.SPICE_GTK_MAIN_MESSAGE.encode();

        assertEquals(0, encoded.position());
        assertEquals(ByteOrder.LITTLE_ENDIAN, encoded.order());
        assertArrayEquals(LinkCases.SPICE_GTK_MAIN, Feeds.bytes(encoded));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("canonical")
    void encoderProducesTheCaseBytes(LinkCase linkCase) {
        byte[] link = Arrays.copyOf(linkCase.stream(), linkCase.linkBytes());

        assertArrayEquals(link, Feeds.bytes(linkCase.message().encode()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void decoderReadsTheCaseMessage(LinkCase linkCase) throws SpiceLinkException {
        ByteBuffer in = ByteBuffer.wrap(linkCase.stream(), 0, linkCase.linkBytes());
        LinkHeader header = LinkHeader.decode(in);
        assertEquals(linkCase.linkBytes() - LinkHeader.BYTES, header.size());

        LinkMessage decoded = LinkMessage.decode(in);

        assertEquals(linkCase.message(), decoded);
        assertEquals(linkCase.linkBytes(), in.position());
    }

    @Test
    void decodeKeepsWordCountsAndIgnoresTheBufferOrder() throws SpiceLinkException {
        LinkMessage message = new LinkMessage(9, 2, 3, Capabilities.ofWords(0x0d, 0), Capabilities.ofWords(0, 0, 0));
        ByteBuffer encoded = message.encode().order(ByteOrder.BIG_ENDIAN);
        encoded.position(LinkHeader.BYTES);

        LinkMessage decoded = LinkMessage.decode(encoded);

        assertEquals(2, decoded.commonCaps().wordCount());
        assertEquals(3, decoded.channelCaps().wordCount());
        assertEquals(9, decoded.connectionId());
        assertEquals(ByteOrder.BIG_ENDIAN, encoded.order());
    }

    @Test
    void decodeRejectsAMessageShorterThanItsFixedPart() {
        ByteBuffer in = ByteBuffer.wrap(concat(u32(0), new byte[] {1, 0}, u32(0, 0)));

        SpiceLinkException e = assertThrows(SpiceLinkException.class, () -> LinkMessage.decode(in));

        assertEquals(LinkError.INVALID_DATA, e.error());
        assertEquals("link message of 14 bytes is too short (expected: >= 18)", e.getMessage());
    }

    @Test
    void constructorRejectsValuesThatAreNotU8() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LinkMessage(0, 256, 0, Capabilities.NONE, Capabilities.NONE));
        assertEquals("channel type 256 (expected: 0..255)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new LinkMessage(0, 1, -1, Capabilities.NONE, Capabilities.NONE));
        assertEquals("channel id -1 (expected: 0..255)", e.getMessage());

        assertThrows(NullPointerException.class, () -> new LinkMessage(0, 1, 0, null, Capabilities.NONE));
    }

    @Test
    void encodeRejectsMoreThan1024Words() {
        LinkMessage message = new LinkMessage(0, 1, 0, Capabilities.of(1024 * 32), Capabilities.NONE);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, message::encode);

        assertEquals("caps counts 1025 and 0 (expected: <= 1024 each)", e.getMessage());
    }
}
