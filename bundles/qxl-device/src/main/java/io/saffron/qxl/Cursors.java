package io.saffron.qxl;

/**
 * The built-in pointer shapes, drawn here as pixel art: {@code W} white, {@code B} black, {@code .} transparent.
 */
final class Cursors {

    private static final int WHITE = 0xFFFFFFFF;
    private static final int BLACK = 0xFF000000;
    private static final int TRANSPARENT = 0x00000000;

    /** 12x19 black arrow with a white outline; the hot spot is its tip, the top-left pixel. */
    static final CursorShape ARROW = parse(0, 0,
            "W...........",
            "WW..........",
            "WBW.........",
            "WBBW........",
            "WBBBW.......",
            "WBBBBW......",
            "WBBBBBW.....",
            "WBBBBBBW....",
            "WBBBBBBBW...",
            "WBBBBBBBBW..",
            "WBBBBBBBBBW.",
            "WBBBBBBWWWWW",
            "WBBBWBBW....",
            "WBBWWBBW....",
            "WBW..WBBW...",
            "WW...WBBW...",
            "W.....WBBW..",
            "......WBBW..",
            ".......WW...");

    private Cursors() {
    }

    /** Turns rows of pixel art into a shape; every row must be as wide as the first. */
    static CursorShape parse(int hotX, int hotY, String... rows) {
        int width = rows[0].length();
        int[] argb = new int[width * rows.length];
        for (int y = 0; y < rows.length; y++) {
            String row = rows[y];
            if (row.length() != width) {
                throw new IllegalArgumentException("cursor row " + y + " is " + row.length() + " pixels wide (expected: "
                        + width + ")");
            }
            for (int x = 0; x < width; x++) {
                argb[y * width + x] = pixel(row.charAt(x), x, y);
            }
        }
        return new CursorShape(width, rows.length, hotX, hotY, argb);
    }

    private static int pixel(char c, int x, int y) {
        switch (c) {
            case 'W':
                return WHITE;
            case 'B':
                return BLACK;
            case '.':
                return TRANSPARENT;
            default:
                throw new IllegalArgumentException("cursor pixel '" + c + "' at " + x + "," + y
                        + " is not a colour (expected: W, B or .)");
        }
    }
}
