package io.saffron.demo.internal;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Writes {@link BitmapFont} text straight into the pixels of a {@link BufferedImage#TYPE_INT_RGB} image (its
 * {@link DataBufferInt}), each font pixel as a {@code scale x scale} square, clipped to a rectangle. Only lit pixels
 * are written: the caller paints the background first. Not thread-safe (the thread that owns the image).
 */
final class TextRenderer {

    private final int[] pixels;
    private final int offset;
    private final int stride;
    private final Rectangle bounds;

    TextRenderer(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("image type " + image.getType() + " cannot take text (expected: "
                    + BufferedImage.TYPE_INT_RGB + ", TYPE_INT_RGB)");
        }
        Raster raster = image.getRaster();
        DataBufferInt buffer = (DataBufferInt) raster.getDataBuffer();
        SinglePixelPackedSampleModel model = (SinglePixelPackedSampleModel) raster.getSampleModel();
        this.pixels = buffer.getData();
        this.stride = model.getScanlineStride();
        // Pixel (x, y) of the image sits at offset + y * stride + x, also for an image that is a subimage.
        this.offset = buffer.getOffset() - raster.getSampleModelTranslateY() * stride
                - raster.getSampleModelTranslateX();
        this.bounds = new Rectangle(0, 0, image.getWidth(), image.getHeight());
    }

    /** Width in pixels of {@code length} characters at {@code scale}. */
    static int width(int length, int scale) {
        return length * BitmapFont.CELL_WIDTH * scale;
    }

    /** Height in pixels of one line at {@code scale}. */
    static int height(int scale) {
        return BitmapFont.CELL_HEIGHT * scale;
    }

    /**
     * Draws {@code text} with the top left corner of its first cell at {@code x}, {@code y}.
     *
     * @param rgb  the colour, 0xRRGGBB
     * @param clip nothing outside it (and outside the image) is written
     * @return the x after the last cell
     */
    int draw(CharSequence text, int x, int y, int scale, int rgb, Rectangle clip) {
        if (scale < 1) {
            throw new IllegalArgumentException("text scale " + scale + " is not positive (expected: >= 1)");
        }
        Rectangle area = clip.intersection(bounds);
        int cellWidth = BitmapFont.CELL_WIDTH * scale;
        int cellHeight = BitmapFont.CELL_HEIGHT * scale;
        int cx = x;
        if (!area.isEmpty() && y < area.y + area.height && y + cellHeight > area.y) {
            for (int i = 0; i < text.length(); i++, cx += cellWidth) {
                if (cx < area.x + area.width && cx + cellWidth > area.x) {
                    glyph(text.charAt(i), cx, y, scale, rgb & 0xFFFFFF, area);
                }
            }
        }
        return x + text.length() * cellWidth;
    }

    private void glyph(char c, int x, int y, int scale, int rgb, Rectangle area) {
        long bits = BitmapFont.glyph(c);
        int right = area.x + area.width;
        int bottom = area.y + area.height;
        for (int row = 0; row < BitmapFont.GLYPH_HEIGHT && bits != 0; row++, bits >>>= BitmapFont.GLYPH_WIDTH) {
            int top = y + row * scale;
            int y0 = Math.max(top, area.y);
            int y1 = Math.min(top + scale, bottom);
            if (y0 >= y1 || (bits & 0x1F) == 0) {
                continue;
            }
            for (int column = 0; column < BitmapFont.GLYPH_WIDTH; column++) {
                if ((bits >>> column & 1) == 0) {
                    continue;
                }
                int left = x + column * scale;
                int x0 = Math.max(left, area.x);
                int x1 = Math.min(left + scale, right);
                for (int py = y0; py < y1; py++) {
                    int base = offset + py * stride;
                    for (int px = x0; px < x1; px++) {
                        pixels[base + px] = rgb;
                    }
                }
            }
        }
    }
}
