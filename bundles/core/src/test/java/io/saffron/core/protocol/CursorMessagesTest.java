package io.saffron.core.protocol;

import static io.saffron.core.protocol.MessageCase.assertCorrupted;
import static io.saffron.core.protocol.MessageCase.encodeHex;
import static io.saffron.core.protocol.MessageCase.wrapped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;

import io.saffron.core.protocol.CursorMessages.Cursor;
import io.saffron.core.protocol.CursorMessages.CursorHide;
import io.saffron.core.protocol.CursorMessages.CursorInit;
import io.saffron.core.protocol.CursorMessages.CursorInvalAll;
import io.saffron.core.protocol.CursorMessages.CursorInvalOne;
import io.saffron.core.protocol.CursorMessages.CursorMove;
import io.saffron.core.protocol.CursorMessages.CursorReset;
import io.saffron.core.protocol.CursorMessages.CursorSet;
import io.saffron.core.protocol.CursorMessages.CursorTrail;

import org.junit.jupiter.api.Test;

class CursorMessagesTest {

    /** §8: the INIT the real server sent before any cursor existed. */
    static final String OBSERVED_INIT_NONE = "00 00 00 00 00 00 00 00 01 01 00";

    /** A 2×1 ALPHA cursor: opaque red, half-transparent blue; u32 LE gives B, G, R, A. */
    static final Cursor TWO_PIXELS = Cursor.alpha(2, 1, 1, 0, new int[] {0xffff0000, 0x800000ff});

    /** SpiceCursor of {@link #TWO_PIXELS}: flags, unique, type, w, h, hot x, hot y, data. */
    static final String TWO_PIXELS_HEX = "0000 0000000000000000 00 0200 0100 0100 0000 0000ffff ff000080";

    static List<MessageCase> cases() {
        return List.of(
                MessageCase.of("CURSOR_INIT", new CursorInit(0, 0, 0, 0, true, Cursor.none()), OBSERVED_INIT_NONE,
                        CursorInit::decode, MessageCase.Shape.OPEN_END),
                MessageCase.exact("CURSOR_INIT", new CursorInit(-5, 300, 4, 16, false, TWO_PIXELS),
                        "fbff 2c01 0400 1000 00 " + TWO_PIXELS_HEX, CursorInit::decode),
                MessageCase.exact("CURSOR_RESET", new CursorReset(), "", CursorReset::decode),
                MessageCase.exact("CURSOR_SET", new CursorSet(11, 11, true, TWO_PIXELS),
                        "0b00 0b00 01 " + TWO_PIXELS_HEX, CursorSet::decode),
                MessageCase.of("CURSOR_SET", new CursorSet(0, 0, true, new Cursor(CursorMessages.FLAG_FROM_CACHE,
                        0x1122334455667788L, CursorMessages.TYPE_ALPHA, 32, 32, 0, 0, new byte[0])),
                        "0000 0000 01 0400 8877665544332211 00 2000 2000 0000 0000", CursorSet::decode,
                        MessageCase.Shape.OPEN_END),
                MessageCase.of("CURSOR_SET", new CursorSet(0, 0, false, new Cursor(CursorMessages.FLAG_CACHE_ME, 9,
                        CursorMessages.TYPE_MONO, 8, 1, 2, 0, new byte[] {(byte) 0xff, 0x00})),
                        "0000 0000 00 0200 0900000000000000 01 0800 0100 0200 0000 ff00", CursorSet::decode,
                        MessageCase.Shape.ANY),
                MessageCase.exact("CURSOR_MOVE", new CursorMove(-1, 300), "ffff 2c01", CursorMove::decode),
                MessageCase.exact("CURSOR_MOVE", new CursorMove(32767, -32768), "ff7f 0080", CursorMove::decode),
                MessageCase.exact("CURSOR_HIDE", new CursorHide(), "", CursorHide::decode),
                MessageCase.exact("CURSOR_TRAIL", new CursorTrail(5, 65535), "0500 ffff", CursorTrail::decode),
                MessageCase.exact("CURSOR_INVAL_ONE", new CursorInvalOne(0x0102030405060708L),
                        "08 07 06 05 04 03 02 01", CursorInvalOne::decode),
                MessageCase.exact("CURSOR_INVAL_ALL", new CursorInvalAll(), "", CursorInvalAll::decode));
    }

    @Test
    void initWithoutAShapeIsTheObserved11Bytes() {
        CursorInit init = new CursorInit(0, 0, 0, 0, true, Cursor.none());

        assertEquals(Feeds.hex(Feeds.hex(OBSERVED_INIT_NONE)), encodeHex(init));
        assertEquals(init, CursorInit.decode(wrapped(OBSERVED_INIT_NONE)));
    }

    @Test
    void setOfA24x24AlphaCursorHasTheObservedLayout() {
        int[] argb = new int[24 * 24];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = i * 0x01020304;
        }
        CursorSet set = new CursorSet(11, 11, true, Cursor.alpha(24, 24, 11, 11, argb));

        ByteBuffer body = set.encode();

        assertEquals(2328, body.remaining());
        byte[] bytes = Feeds.bytes(body);
        assertEquals("0b000b00" + "01" + "0000" + "0000000000000000" + "00" + "18001800" + "0b000b00",
                Feeds.hex(java.util.Arrays.copyOf(bytes, 24)));
        ByteBuffer pixels = ByteBuffer.wrap(bytes, 24, 2304).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < argb.length; i++) {
            assertEquals(argb[i], pixels.getInt());
        }
        assertEquals(set, CursorSet.decode(wrapped(bytes, true)));
    }

    @Test
    void alphaDataIsBgraPerPixel() {
        Cursor c = Cursor.alpha(1, 1, 0, 0, new int[] {0x80112233});

        assertArrayEquals(new byte[] {0x33, 0x22, 0x11, (byte) 0x80}, c.data());
        assertEquals(0, c.flags());
        assertEquals(0, c.unique());
        assertEquals(CursorMessages.TYPE_ALPHA, c.cursorType());
    }

    @Test
    void alphaDataOfTheWrongLengthIsCorrupt() {
        // 2x1 ALPHA needs 8 data bytes
        assertCorrupted(() -> CursorSet.decode(wrapped("0000 0000 01 0000 0000000000000000 00 0200 0100 0000 0000"
                + " 00000000 000000")), "CURSOR_SET ALPHA cursor 2x1 has 7 data bytes", "expected: 8");
        assertCorrupted(() -> CursorSet.decode(wrapped("0000 0000 01 0000 0000000000000000 00 0200 0100 0000 0000"
                + " 00000000 00000000 00")), "CURSOR_SET ALPHA cursor 2x1 has 9 data bytes", "expected: 8");
        assertCorrupted(() -> CursorInit.decode(wrapped("0000 0000 0000 0000 01 0000 0000000000000000 00 0100"
                + " 0100 0000 0000")), "CURSOR_INIT ALPHA cursor 1x1 has 0 data bytes", "expected: 4");
    }

    @Test
    void aTruncatedCursorHeaderIsCorrupt() {
        assertCorrupted(() -> CursorSet.decode(wrapped("0000 0000 01 0000 00000000")), "CURSOR_SET cursor header",
                "4 bytes left (expected: 17)");
    }

    @Test
    void fromCacheAlphaCursorsCarryNoData() {
        Cursor cached = new Cursor(CursorMessages.FLAG_FROM_CACHE, 5, CursorMessages.TYPE_ALPHA, 24, 24, 0, 0,
                new byte[0]);

        assertEquals(2 + 17, new CursorSet(0, 0, true, cached).bodySize() - 5);
    }

    @Test
    void constructorsRejectWhatClientsWouldMisread() {
        assertThrows(IllegalArgumentException.class, () -> new Cursor(0, 0, CursorMessages.TYPE_ALPHA, 2, 2, 0, 0,
                new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> Cursor.alpha(2, 2, 0, 0, new int[3]));
        assertThrows(IllegalArgumentException.class, () -> Cursor.alpha(65536, 1, 0, 0, new int[65536]));
        assertThrows(IllegalArgumentException.class, () -> new CursorMove(32768, 0));
        assertThrows(IllegalArgumentException.class, () -> new CursorInit(0, 0, -1, 0, true, Cursor.none()));
        assertThrows(IllegalArgumentException.class, () -> new CursorTrail(0, 0x10000));
        assertThrows(NullPointerException.class, () -> new CursorSet(0, 0, true, null));
    }

    @Test
    void typeNumbersAndFlagsFollowSection8() {
        assertEquals(List.of(101, 102, 103, 104, 105, 106, 107, 108), List.of(CursorInit.TYPE, CursorReset.TYPE,
                CursorSet.TYPE, CursorMove.TYPE, CursorHide.TYPE, CursorTrail.TYPE, CursorInvalOne.TYPE,
                CursorInvalAll.TYPE));
        assertEquals(List.of(1, 2, 4, 0, 1), List.of(CursorMessages.FLAG_NONE, CursorMessages.FLAG_CACHE_ME,
                CursorMessages.FLAG_FROM_CACHE, CursorMessages.TYPE_ALPHA, CursorMessages.TYPE_MONO));
    }
}
