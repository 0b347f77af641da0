package io.saffron.demo.internal;

import io.saffron.qxl.CursorShape;

/**
 * The demo's pointer, our own design: a saffron arrow with a dark outline and a soft shadow one pixel down and
 * right (alpha 0x60), to show off the ALPHA cursor. Hot spot at the tip. Any thread (immutable once built).
 */
final class DemoCursor {

    /** {@code X} outline, {@code o} fill, {@code .} transparent; the shadow is added around it. */
    private static final String[] ART = {
        "X...........",
        "XX..........",
        "XoX.........",
        "XooX........",
        "XoooX.......",
        "XooooX......",
        "XoooooX.....",
        "XooooooX....",
        "XoooooooX...",
        "XooooooooX..",
        "XoooooooooX.",
        "XooooooXXXXX",
        "XoooXooX....",
        "XooXXooX....",
        "XoX..XooX...",
        "XX...XooX...",
        "X.....XooX..",
        "......XooX..",
        ".......XX...",
    };
    private static final int OUTLINE = 0xFF2A1A05;
    private static final int FILL = 0xFFF4B400;
    private static final int SHADOW = 0x60000000;

    private static final CursorShape SHAPE = build();

    private DemoCursor() {
    }

    static CursorShape shape() {
        return SHAPE;
    }

    private static CursorShape build() {
        int artWidth = ART[0].length();
        int width = artWidth + 1;
        int height = ART.length + 1;
        int[] argb = new int[width * height];
        for (int y = 0; y < ART.length; y++) {
            if (ART[y].length() != artWidth) {
                throw new IllegalStateException("cursor art row " + y + " is " + ART[y].length()
                        + " wide (expected: " + artWidth + ")");
            }
            for (int x = 0; x < artWidth; x++) {
                char c = ART[y].charAt(x);
                if (c == 'X') {
                    argb[y * width + x] = OUTLINE;
                } else if (c == 'o') {
                    argb[y * width + x] = FILL;
                }
            }
        }
        // The shadow: the arrow's silhouette moved one pixel down and right, wherever the arrow leaves it visible.
        for (int y = height - 1; y >= 1; y--) {
            for (int x = width - 1; x >= 1; x--) {
                boolean under = argb[(y - 1) * width + x - 1] != 0 && argb[(y - 1) * width + x - 1] != SHADOW;
                if (argb[y * width + x] == 0 && under) {
                    argb[y * width + x] = SHADOW;
                }
            }
        }
        return new CursorShape(width, height, 0, 0, argb);
    }
}
