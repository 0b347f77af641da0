package io.saffron.qxl;

/**
 * A surface of a device: id, size and format. Format 32 is 32-bit xRGB, the only primary format every client
 * accepts (spice-wire.md §14, pitfall 12).
 */
public record Surface(int id, int width, int height, int format) {

    /** SPICE_SURFACE_FMT_32_xRGB. */
    public static final int FORMAT_32_XRGB = 32;

    public Surface {
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("surface size " + width + "x" + height
                    + " is out of range (expected: 1..16384 each)");
        }
    }

    /** Bytes per row. */
    public int stride() {
        return width * 4;
    }
}
