package io.saffron.demo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

class TextRendererTest {

    private static final int INK = 0x123456;

    @Test
    void eachPrintableGlyphIsDrawnScaledInsideItsCell() {
        int scale = 2;
        for (int c = BitmapFont.FIRST; c <= BitmapFont.LAST; c++) {
            BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            Rectangle all = new Rectangle(0, 0, 40, 40);
            int x = new TextRenderer(image).draw(String.valueOf((char) c), 3, 4, scale, INK, all);
            assertEquals(3 + BitmapFont.CELL_WIDTH * scale, x);
            int lit = 0;
            for (int py = 0; py < 40; py++) {
                for (int px = 0; px < 40; px++) {
                    boolean inked = (image.getRGB(px, py) & 0xFFFFFF) == INK;
                    if (inked) {
                        lit++;
                        int column = (px - 3) / scale;
                        int row = (py - 4) / scale;
                        assertTrue(px >= 3 && py >= 4 && BitmapFont.lit(c, column, row),
                                "'" + (char) c + "' inks " + px + "," + py + " outside its glyph");
                    }
                }
            }
            assertEquals(Long.bitCount(BitmapFont.glyph(c)) * scale * scale, lit, "pixels of '" + (char) c + "'");
            if (c != ' ') {
                assertTrue(lit > 0, "'" + (char) c + "' draws nothing");
            }
        }
    }

    @Test
    void nothingIsWrittenOutsideTheClip() {
        BufferedImage image = new BufferedImage(100, 30, BufferedImage.TYPE_INT_RGB);
        Rectangle clip = new Rectangle(7, 3, 20, 9);
        new TextRenderer(image).draw("HHHHHHHHHHHHHHHH", 0, 0, 2, INK, clip);
        int inside = 0;
        for (int py = 0; py < 30; py++) {
            for (int px = 0; px < 100; px++) {
                if ((image.getRGB(px, py) & 0xFFFFFF) == INK) {
                    assertTrue(clip.contains(px, py), "inked " + px + "," + py + " outside " + clip);
                    inside++;
                }
            }
        }
        assertTrue(inside > 0, "nothing drawn inside the clip");
    }

    @Test
    void textRunningOffTheImageIsCut() {
        BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        new TextRenderer(image).draw("HH", -2, -2, 1, INK, new Rectangle(-100, -100, 1000, 1000));
        assertEquals(INK, image.getRGB(2, 0) & 0xFFFFFF, "the right stroke of the first H");
        assertEquals(INK, image.getRGB(0, 1) & 0xFFFFFF, "the bar of the first H");
        assertEquals(INK, image.getRGB(4, 0) & 0xFFFFFF, "the left stroke of the second H");
    }

    @Test
    void drawsIntoASubimageAtItsOwnOrigin() {
        BufferedImage parent = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
        BufferedImage sub = parent.getSubimage(10, 5, 30, 20);
        new TextRenderer(sub).draw("|", 0, 0, 1, INK, new Rectangle(0, 0, 30, 20));
        // '|' is column 2 of rows 0..7.
        assertEquals(INK, parent.getRGB(12, 5) & 0xFFFFFF);
        assertEquals(INK, parent.getRGB(12, 12) & 0xFFFFFF);
        assertEquals(0, parent.getRGB(2, 0) & 0xFFFFFF);
    }

    @Test
    void onlyIntRgbImagesAreAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TextRenderer(new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB)));
        assertEquals("image type 2 cannot take text (expected: 1, TYPE_INT_RGB)", e.getMessage());
    }
}
