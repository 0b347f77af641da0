package io.saffron.demo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BitmapFontTest {

    @Test
    void everyPrintableGlyphIsLitAndTheSpaceIsEmpty() {
        assertEquals(0, BitmapFont.glyph(' '));
        for (int c = 33; c <= 126; c++) {
            assertNotEquals(0, BitmapFont.glyph(c), "glyph '" + (char) c + "' is empty");
        }
    }

    @Test
    void glyphsAreDistinct() {
        Map<Long, Character> seen = new HashMap<>();
        for (int c = BitmapFont.FIRST; c <= BitmapFont.LAST; c++) {
            Character earlier = seen.put(BitmapFont.glyph(c), (char) c);
            assertEquals(null, earlier, "'" + (char) c + "' looks like '" + earlier + "':\n" + BitmapFont.picture(c));
        }
    }

    @Test
    void glyphsStayInTheirBox() {
        for (int c = BitmapFont.FIRST; c <= BitmapFont.LAST; c++) {
            assertEquals(0, BitmapFont.glyph(c) >>> (BitmapFont.GLYPH_WIDTH * BitmapFont.GLYPH_HEIGHT),
                    "glyph '" + (char) c + "'");
        }
    }

    @Test
    void lettersAndDigitsSitOnTheBaselineAndOnlySomeDescend() {
        String descenders = "gjpqy,;_|";
        for (int c = 33; c <= 126; c++) {
            boolean below = false;
            for (int column = 0; column < BitmapFont.GLYPH_WIDTH; column++) {
                below |= BitmapFont.lit(c, column, 7) || BitmapFont.lit(c, column, 8);
            }
            assertEquals(descenders.indexOf(c) >= 0, below,
                    "descender of '" + (char) c + "':\n" + BitmapFont.picture(c));
        }
        for (char c : "ABCXYZ0189".toCharArray()) {
            boolean onBaseline = false;
            for (int column = 0; column < BitmapFont.GLYPH_WIDTH; column++) {
                onBaseline |= BitmapFont.lit(c, column, 6);
            }
            assertTrue(onBaseline, "'" + c + "' does not reach the baseline:\n" + BitmapFont.picture(c));
        }
    }

    @Test
    void charactersWithoutGlyphShowABox() {
        long box = BitmapFont.glyph(0x7F);
        assertNotEquals(0, box);
        assertEquals(box, BitmapFont.glyph(0x1F));
        assertEquals(box, BitmapFont.glyph(TextBuffer.REPLACEMENT));
        for (int c = BitmapFont.FIRST; c <= BitmapFont.LAST; c++) {
            assertNotEquals(box, BitmapFont.glyph(c), "'" + (char) c + "' looks like the box");
        }
    }

    @Test
    void pictureShowsTheDesign() {
        assertEquals("""
                .###.
                #...#
                #...#
                #####
                #...#
                #...#
                #...#
                .....
                .....
                """, BitmapFont.picture('A'));
    }

    @Test
    void brokenSheetsAreRejectedWithWhatWasExpected() {
        String rows = ".....\n".repeat(9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BitmapFont.parse("A\n" + rows));
        assertEquals("glyph sheet lacks ' ' (expected: all of 32..126)", e.getMessage());

        String wrong = "A\n..x..\n" + ".....\n".repeat(8);
        e = assertThrows(IllegalArgumentException.class, () -> BitmapFont.parse(wrong));
        assertEquals("glyph 'A' row 0 is '..x..' (expected: 5 of # or .)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> BitmapFont.parse("A B\n" + rows));
        assertEquals("glyph sheet row 0 of band 'A B' has 1 glyphs (expected: 2)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> BitmapFont.parse("A\n.....\n"));
        assertEquals("glyph sheet has 2 lines (expected: a multiple of 10)", e.getMessage());
    }
}
