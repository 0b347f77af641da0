package io.saffron.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    @Test
    void encodesTheObservedHeaderIntoABigEndianBufferAndLeavesItsOrder() {
        ByteBuffer out = ByteBuffer.allocate(20).order(ByteOrder.BIG_ENDIAN);
        out.position(2);

        LinkHeader.of(26).encode(out);

        assertEquals(18, out.position());
        assertEquals(ByteOrder.BIG_ENDIAN, out.order());
        assertArrayEquals(Arrays.copyOf(LinkCases.SPICE_GTK_MAIN, 16), Arrays.copyOfRange(out.array(), 2, 18));
    }

    @Test
    void decodesTheObservedHeader() {
        ByteBuffer in = ByteBuffer.wrap(LinkCases.SPICE_GTK_MAIN);

        assertEquals(new LinkHeader(LinkHeader.MAGIC, 2, 2, 26), LinkHeader.decode(in));
        assertEquals(16, in.position());
    }

    @Test
    void magicIsRedqInAscii() {
        ByteBuffer out = ByteBuffer.allocate(LinkHeader.BYTES);
        LinkHeader.of(0).encode(out);

        assertEquals("REDQ", new String(out.array(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void shortBuffersAreNotTouched() {
        ByteBuffer out = ByteBuffer.allocate(15);
        assertThrows(BufferOverflowException.class, () -> LinkHeader.of(18).encode(out));
        assertEquals(0, out.position());

        ByteBuffer in = ByteBuffer.wrap(new byte[15]);
        assertThrows(BufferUnderflowException.class, () -> LinkHeader.decode(in));
        assertEquals(0, in.position());
    }
}
