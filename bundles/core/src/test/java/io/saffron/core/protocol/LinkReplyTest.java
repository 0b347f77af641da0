package io.saffron.core.protocol;

import static io.saffron.core.protocol.Feeds.concat;
import static io.saffron.core.protocol.Feeds.hex;
import static io.saffron.core.protocol.Feeds.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LinkReplyTest {

    /** The observed reply on the main channel (spice-wire.md §1.4), before the key. */
    private static final byte[] OBSERVED_HEAD = hex("""
            52 45 44 51 02 00 00 00 02 00 00 00 ba 00 00 00
            00 00 00 00
            """);

    /** The observed reply after the key. */
    private static final byte[] OBSERVED_TAIL = hex("""
            01 00 00 00 01 00 00 00 b2 00 00 00
            0b 00 00 00 0f 00 00 00
            """);

    /** A made-up key; the encoder copies any 162 bytes. */
    private static final byte[] KEY = Feeds.pattern(LinkReply.PUBLIC_KEY_BYTES, 42);

    private static final Capabilities SERVER_COMMON = Capabilities.of(CommonCaps.PROTOCOL_AUTH_SELECTION,
            CommonCaps.AUTH_SPICE, CommonCaps.MINI_HEADER);

    @Test
    void matchesTheObservedMainChannelReplyExceptTheKey() {
        byte[] key = LinkKeys.generate().publicKeyDer();

        ByteBuffer reply = LinkReply.encode(key, SERVER_COMMON, Capabilities.ofWords(0x0f));

        assertEquals(0, reply.position());
        assertEquals(202, reply.remaining());
        byte[] bytes = Feeds.bytes(reply);
        assertArrayEquals(OBSERVED_HEAD, Arrays.copyOfRange(bytes, 0, 20));
        assertArrayEquals(key, Arrays.copyOfRange(bytes, 20, 182));
        assertArrayEquals(OBSERVED_TAIL, Arrays.copyOfRange(bytes, 182, 202));
    }

    @Test
    void sizeGrowsWithTheCapsWords() {
        ByteBuffer reply = LinkReply.encode(KEY, Capabilities.ofWords(1, 2), Capabilities.NONE);

        assertEquals(16 + 178 + 8, reply.remaining());
        assertEquals(186, reply.getInt(12));
        assertEquals(2, reply.getInt(16 + 166));
        assertEquals(0, reply.getInt(16 + 170));
        assertEquals(178, reply.getInt(16 + 174));
    }

    @Test
    void rejectsAKeyThatIsNot162Bytes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinkReply.encode(new byte[161], SERVER_COMMON, Capabilities.NONE));

        assertEquals("public key of 161 bytes (expected: 162, the DER of a 1024-bit RSA key)", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = LinkError.class, names = "OK", mode = EnumSource.Mode.EXCLUDE)
    void errorReplyIsAHeaderOfSize178AndZerosButTheError(LinkError error) {
        ByteBuffer reply = LinkReply.encodeError(error);

        byte[] expected = concat(u32(LinkHeader.MAGIC, 2, 2, 178), u32(error.code()), new byte[174]);
        assertEquals(0, reply.position());
        assertArrayEquals(expected, Feeds.bytes(reply));
    }

    @Test
    void errorReplyRejectsOk() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinkReply.encodeError(LinkError.OK));

        assertEquals("link error reply with OK (expected: a link error other than OK)", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(LinkError.class)
    void resultIsTheCodeAsU32(LinkError result) {
        ByteBuffer encoded = LinkReply.encodeResult(result);

        assertArrayEquals(u32(result.code()), Feeds.bytes(encoded));
        assertEquals(result, LinkReply.decodeResult(encoded));
        assertEquals(4, encoded.position());
    }

    @Test
    void linkResultOkStartsTheObservedMainChannel() {
        assertArrayEquals(hex("00 00 00 00"), Feeds.bytes(LinkReply.encodeResult(LinkError.OK)));
    }

    @Test
    void decodesWhatItEncodes() throws SpiceLinkException {
        ByteBuffer in = concatBuffers(LinkReply.encode(KEY, SERVER_COMMON, Capabilities.ofWords(0x0f, 0x10000)),
                LinkReply.encodeResult(LinkError.OK));

        LinkReply.Decoded decoded = LinkReply.decode(in);

        assertEquals(new LinkReply.Decoded(LinkError.OK, KEY, SERVER_COMMON, Capabilities.ofWords(0x0f, 0x10000)),
                decoded);
        assertArrayEquals(KEY, decoded.publicKey());
        assertEquals(4, in.remaining());
        assertEquals(LinkError.OK, LinkReply.decodeResult(in));
    }

    @Test
    void decodesAnErrorReply() throws SpiceLinkException {
        LinkReply.Decoded decoded = LinkReply.decode(LinkReply.encodeError(LinkError.NEED_SECURED));

        assertEquals(LinkError.NEED_SECURED, decoded.error());
        assertArrayEquals(new byte[LinkReply.PUBLIC_KEY_BYTES], decoded.publicKey());
        assertEquals(0, decoded.commonCaps().wordCount());
        assertEquals(0, decoded.channelCaps().wordCount());
    }

    @Test
    void decodeChecksTheHeaderAndLayout() {
        ByteBuffer badMagic = LinkReply.encodeError(LinkError.ERROR).put(0, (byte) 'X');
        assertEquals(LinkError.INVALID_MAGIC,
                assertThrows(SpiceLinkException.class, () -> LinkReply.decode(badMagic)).error());

        ByteBuffer small = ByteBuffer.wrap(concat(u32(LinkHeader.MAGIC, 2, 2, 177), new byte[177]));
        SpiceLinkException e = assertThrows(SpiceLinkException.class, () -> LinkReply.decode(small));
        assertEquals(LinkError.INVALID_DATA, e.error());
        assertEquals("link reply size 177 is too small (expected: >= 178)", e.getMessage());

        ByteBuffer badCaps = LinkReply.encode(KEY, SERVER_COMMON, Capabilities.NONE);
        badCaps.putInt(16 + 174, 179);
        e = assertThrows(SpiceLinkException.class, () -> LinkReply.decode(badCaps));
        assertEquals("link reply caps at 179..183 outside the reply (expected: 178..182)", e.getMessage());

        ByteBuffer unknown = LinkReply.encodeError(LinkError.ERROR).putInt(16, 10);
        e = assertThrows(SpiceLinkException.class, () -> LinkReply.decode(unknown));
        assertEquals("unknown link error code 10 in link reply (expected: 0..9)", e.getMessage());
    }

    @Test
    void decodeOfATruncatedReplyConsumesNothing() {
        ByteBuffer truncated = LinkReply.encodeError(LinkError.ERROR);
        truncated.limit(truncated.limit() - 1);

        assertThrows(BufferUnderflowException.class, () -> LinkReply.decode(truncated));
        assertEquals(0, truncated.position());
    }

    private static ByteBuffer concatBuffers(ByteBuffer... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(ByteBuffer::remaining).sum());
        for (ByteBuffer part : parts) {
            out.put(part);
        }
        return out.flip().order(ByteOrder.BIG_ENDIAN);
    }
}
