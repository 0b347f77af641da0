package io.saffron.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    @Test
    void serverCommonCapsAreWord0x0b() {
        Capabilities caps = Capabilities.of(CommonCaps.PROTOCOL_AUTH_SELECTION, CommonCaps.AUTH_SPICE,
                CommonCaps.MINI_HEADER);

        assertArrayEquals(new int[] {0x0b}, caps.words());
        assertEquals(1, caps.wordCount());
        assertEquals("0x0000000b", caps.toString());
    }

    @Test
    void spiceGtkCommonCapsLackAuthSpice() {
        Capabilities caps = Capabilities.ofWords(0x0d);

        assertTrue(caps.has(CommonCaps.PROTOCOL_AUTH_SELECTION));
        assertFalse(caps.has(CommonCaps.AUTH_SPICE));
        assertTrue(caps.has(CommonCaps.AUTH_SASL));
        assertTrue(caps.has(CommonCaps.MINI_HEADER));
    }

    @Test
    void bitsBeyondTheFirstWordGrowTheWords() {
        Capabilities caps = Capabilities.of(0, 31, 32, 95);

        assertArrayEquals(new int[] {0x80000001, 0x00000001, 0x80000000}, caps.words());
        assertTrue(caps.has(31));
        assertTrue(caps.has(32));
        assertTrue(caps.has(95));
        assertFalse(caps.has(33));
        assertEquals("0x80000001 0x00000001 0x80000000", caps.toString());
    }

    @Test
    void missingWordsReadAsZero() {
        Capabilities caps = Capabilities.ofWords(0x0f);

        assertFalse(caps.has(32));
        assertFalse(caps.has(100_000));
        assertEquals(0, caps.word(5));
        assertFalse(Capabilities.NONE.has(0));
    }

    @Test
    void equalityIgnoresTrailingZeroWordsButWordCountKeepsThem() {
        Capabilities one = Capabilities.ofWords(0x0b);
        Capabilities two = Capabilities.ofWords(0x0b, 0);

        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
        assertEquals(2, two.wordCount());
        assertEquals(Capabilities.NONE, Capabilities.ofWords(0, 0));
        assertNotEquals(one, Capabilities.ofWords(0x0b, 1));
        assertNotEquals(one, Capabilities.ofWords(0x0a));
    }

    @Test
    void withAddsABitAndLeavesTheOriginal() {
        Capabilities base = Capabilities.ofWords(0x01);

        Capabilities added = base.with(CommonCaps.MINI_HEADER).with(40);

        assertArrayEquals(new int[] {0x09, 0x100}, added.words());
        assertArrayEquals(new int[] {0x01}, base.words());
        assertSame(base, base.with(0));
    }

    @Test
    void wordsAreCopiedBothWays() {
        int[] words = {0x0f};
        Capabilities caps = Capabilities.ofWords(words);

        words[0] = 0;
        caps.words()[0] = 0;

        assertArrayEquals(new int[] {0x0f}, caps.words());
    }

    @Test
    void emptySets() {
        assertSame(Capabilities.NONE, Capabilities.of());
        assertSame(Capabilities.NONE, Capabilities.ofWords());
        assertEquals(0, Capabilities.NONE.wordCount());
        assertEquals("none", Capabilities.NONE.toString());
    }

    @Test
    void negativeBitsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Capabilities.of(-1));
        assertEquals("capability bit -1 (expected: >= 0)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Capabilities.NONE.has(-3));
        assertThrows(IllegalArgumentException.class, () -> Capabilities.NONE.with(-3));
        assertThrows(IllegalArgumentException.class, () -> Capabilities.NONE.word(-1));
    }
}
