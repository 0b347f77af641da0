package io.saffron.demo.internal;

/**
 * A bitmap font of our own design for ASCII 32..126: each glyph is 5 pixels wide and 9 high (rows 0..6 are the
 * cap height with the baseline on row 6, rows 7..8 hold descenders), in a cell of {@value #CELL_WIDTH}x{@value
 * #CELL_HEIGHT} that leaves one pixel between characters and between lines. Other characters show as a box.
 * Immutable; any thread.
 */
final class BitmapFont {

    static final int GLYPH_WIDTH = 5;
    static final int GLYPH_HEIGHT = 9;
    static final int CELL_WIDTH = GLYPH_WIDTH + 1;
    static final int CELL_HEIGHT = GLYPH_HEIGHT + 1;
    static final int FIRST = 32;
    static final int LAST = 126;

    /**
     * The glyph sheet: bands of a header line naming up to twelve characters ({@code sp} is the space) and nine
     * rows, each holding one 5-pixel row of every glyph of the band ({@code #} lit, {@code .} unlit).
     */
    private static final String SHEET = """
            sp    !     "     #     $     %     &     '     (     )     *     +
            ..... ..#.. .#.#. .#.#. ..#.. ##... .##.. ..#.. ...#. .#... ..... .....
            ..... ..#.. .#.#. .#.#. .#### ##..# #..#. ..#.. ..#.. ..#.. ..#.. ..#..
            ..... ..#.. .#.#. ##### #.#.. ...#. #.#.. .#... .#... ...#. #.#.# ..#..
            ..... ..#.. ..... .#.#. .###. ..#.. .#... ..... .#... ...#. .###. #####
            ..... ..#.. ..... ##### ..#.# .#... #.#.# ..... .#... ...#. #.#.# ..#..
            ..... ..... ..... .#.#. ####. #..## #..#. ..... ..#.. ..#.. ..#.. ..#..
            ..... ..#.. ..... .#.#. ..#.. ...## .##.# ..... ...#. .#... ..... .....
            ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....
            ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....

            ,     -     .     /     0     1     2     3     4     5     6     7
            ..... ..... ..... ....# .###. ..#.. .###. ##### ...#. ##### ..##. #####
            ..... ..... ..... ....# #...# .##.. #...# ...#. ..##. #.... .#... ....#
            ..... ..... ..... ...#. #..## ..#.. ....# ..#.. .#.#. ####. #.... ...#.
            ..... ##### ..... ..#.. #.#.# ..#.. ...#. ...#. #..#. ....# ####. ..#..
            ..... ..... ..... .#... ##..# ..#.. ..#.. ....# ##### ....# #...# .#...
            .##.. ..... .##.. #.... #...# ..#.. .#... #...# ...#. #...# #...# .#...
            .##.. ..... .##.. #.... .###. .###. ##### .###. ...#. .###. .###. .#...
            ..#.. ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....
            .#... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....

            8     9     :     ;     <     =     >     ?     @     A     B     C
            .###. .###. ..... ..... ...#. ..... .#... .###. .###. .###. ####. .###.
            #...# #...# .##.. .##.. ..#.. ..... ..#.. #...# #...# #...# #...# #...#
            #...# #...# .##.. .##.. .#... ##### ...#. ....# #.### #...# #...# #....
            .###. .#### ..... ..... #.... ..... ....# ...#. #.#.# ##### ####. #....
            #...# ....# .##.. .##.. .#... ##### ...#. ..#.. #.### #...# #...# #....
            #...# ...#. .##.. .##.. ..#.. ..... ..#.. ..... #.... #...# #...# #...#
            .###. .##.. ..... ..#.. ...#. ..... .#... ..#.. .###. #...# ####. .###.
            ..... ..... ..... .#... ..... ..... ..... ..... ..... ..... ..... .....
            ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....

            D     E     F     G     H     I     J     K     L     M     N     O
            ###.. ##### ##### .###. #...# .###. ..### #...# #.... #...# #...# .###.
            #..#. #.... #.... #...# #...# ..#.. ...#. #..#. #.... ##.## #...# #...#
            #...# #.... #.... #.... #...# ..#.. ...#. #.#.. #.... #.#.# ##..# #...#
            #...# ####. ####. #.### ##### ..#.. ...#. ##... #.... #.#.# #.#.# #...#
            #...# #.... #.... #...# #...# ..#.. ...#. #.#.. #.... #...# #..## #...#
            #..#. #.... #.... #...# #...# ..#.. #..#. #..#. #.... #...# #...# #...#
            ###.. ##### #.... .#### #...# .###. .##.. #...# ##### #...# #...# .###.
            ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....
            ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....

            P     Q     R     S     T     U     V     W     X     Y     Z     [
            ####. .###. ####. .#### ##### #...# #...# #...# #...# #...# ##### .###.
            #...# #...# #...# #.... ..#.. #...# #...# #...# #...# #...# ....# .#...
            #...# #...# #...# #.... ..#.. #...# #...# #...# .#.#. .#.#. ...#. .#...
            ####. #...# ####. .###. ..#.. #...# #...# #.#.# ..#.. ..#.. ..#.. .#...
            #.... #.#.# #.#.. ....# ..#.. #...# #...# #.#.# .#.#. ..#.. .#... .#...
            #.... #..#. #..#. ....# ..#.. #...# .#.#. #.#.# #...# ..#.. #.... .#...
            #.... .##.# #...# ####. ..#.. .###. ..#.. .#.#. #...# ..#.. ##### .###.
            ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....
            ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....

            \\    ]     ^     _     `     a     b     c     d     e     f     g
            #.... .###. ..#.. ..... .#... ..... #.... ..... ....# ..... ..##. .....
            #.... ...#. .#.#. ..... ..#.. ..... #.... ..... ....# ..... .#..# .....
            .#... ...#. #...# ..... ..... .###. ####. .###. .#### .###. .#... .####
            ..#.. ...#. ..... ..... ..... ....# #...# #.... #...# #...# ###.. #...#
            ...#. ...#. ..... ..... ..... .#### #...# #.... #...# ##### .#... #...#
            ....# ...#. ..... ..... ..... #...# #...# #...# #...# #.... .#... #...#
            ....# .###. ..... ..... ..... .#### ####. .###. .#### .###. .#... .####
            ..... ..... ..... ##### ..... ..... ..... ..... ..... ..... ..... ....#
            ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .###.

            h     i     j     k     l     m     n     o     p     q     r     s
            #.... ..#.. ...#. #.... .##.. ..... ..... ..... ..... ..... ..... .....
            #.... ..... ..... #.... ..#.. ..... ..... ..... ..... ..... ..... .....
            #.##. .##.. ..##. #..#. ..#.. ##.#. #.##. .###. ####. .#### #.##. .####
            ##..# ..#.. ...#. #.#.. ..#.. #.#.# ##..# #...# #...# #...# ##..# #....
            #...# ..#.. ...#. ##... ..#.. #.#.# #...# #...# #...# #...# #.... .###.
            #...# ..#.. ...#. #.#.. ..#.. #.#.# #...# #...# #...# #...# #.... ....#
            #...# .###. ...#. #..#. .###. #.#.# #...# .###. ####. .#### #.... ####.
            ..... ..... #..#. ..... ..... ..... ..... ..... #.... ....# ..... .....
            ..... ..... .##.. ..... ..... ..... ..... ..... #.... ....# ..... .....

            t     u     v     w     x     y     z     {     |     }     ~
            .#... ..... ..... ..... ..... ..... ..... ...## ..#.. ##... .....
            .#... ..... ..... ..... ..... ..... ..... ..#.. ..#.. ..#.. .....
            ####. #...# #...# #...# #...# #...# ##### ..#.. ..#.. ..#.. .....
            .#... #...# #...# #...# .#.#. #...# ...#. .#... ..#.. ...#. .##.#
            .#... #...# #...# #.#.# ..#.. #...# ..#.. ..#.. ..#.. ..#.. #..#.
            .#..# #..## .#.#. #.#.# .#.#. #...# .#... ..#.. ..#.. ..#.. .....
            ..##. .##.# ..#.. .#.#. #...# .#### ##### ...## ..#.. ##... .....
            ..... ..... ..... ..... ..... ....# ..... ..... ..#.. ..... .....
            ..... ..... ..... ..... ..... .###. ..... ..... ..... ..... .....
            """;

    /** Index {@code c - FIRST}; bit {@code row * GLYPH_WIDTH + column} is lit. */
    private static final long[] GLYPHS = parse(SHEET);

    /** Shown for characters outside {@code FIRST..LAST}: a box of cap height. */
    private static final long MISSING = box();

    private BitmapFont() {
    }

    /** Whether character {@code c} has a glyph of its own. */
    static boolean covers(int c) {
        return c >= FIRST && c <= LAST;
    }

    /** The glyph bits of {@code c}: bit {@code row * GLYPH_WIDTH + column} is lit. */
    static long glyph(int c) {
        return covers(c) ? GLYPHS[c - FIRST] : MISSING;
    }

    /** Whether the pixel at {@code column}, {@code row} of the glyph of {@code c} is lit. */
    static boolean lit(int c, int column, int row) {
        if (column < 0 || column >= GLYPH_WIDTH || row < 0 || row >= GLYPH_HEIGHT) {
            return false;
        }
        return (glyph(c) >>> (row * GLYPH_WIDTH + column) & 1) != 0;
    }

    /** The glyph of {@code c} as nine lines of {@code #} and {@code .}, for failure messages. */
    static String picture(int c) {
        StringBuilder b = new StringBuilder();
        for (int row = 0; row < GLYPH_HEIGHT; row++) {
            for (int column = 0; column < GLYPH_WIDTH; column++) {
                b.append(lit(c, column, row) ? '#' : '.');
            }
            b.append('\n');
        }
        return b.toString();
    }

    static long[] parse(String sheet) {
        long[] glyphs = new long[LAST - FIRST + 1];
        boolean[] seen = new boolean[glyphs.length];
        String[] lines = sheet.lines().filter(l -> !l.isBlank()).toArray(String[]::new);
        if (lines.length % (GLYPH_HEIGHT + 1) != 0) {
            throw new IllegalArgumentException("glyph sheet has " + lines.length + " lines (expected: a multiple of "
                    + (GLYPH_HEIGHT + 1) + ")");
        }
        for (int band = 0; band < lines.length; band += GLYPH_HEIGHT + 1) {
            String[] names = lines[band].trim().split("\\s+");
            for (int row = 0; row < GLYPH_HEIGHT; row++) {
                String[] cells = lines[band + 1 + row].trim().split(" ");
                if (cells.length != names.length) {
                    throw new IllegalArgumentException("glyph sheet row " + row + " of band '" + lines[band].trim()
                            + "' has " + cells.length + " glyphs (expected: " + names.length + ")");
                }
                for (int i = 0; i < names.length; i++) {
                    int c = character(names[i]);
                    if (row == 0 && seen[c - FIRST]) {
                        throw new IllegalArgumentException("glyph sheet names '" + names[i] + "' twice");
                    }
                    seen[c - FIRST] = true;
                    glyphs[c - FIRST] |= bits(cells[i], c, row) << (row * GLYPH_WIDTH);
                }
            }
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                throw new IllegalArgumentException("glyph sheet lacks '" + (char) (FIRST + i) + "' (expected: all of "
                        + FIRST + ".." + LAST + ")");
            }
        }
        return glyphs;
    }

    private static int character(String name) {
        if (name.equals("sp")) {
            return ' ';
        }
        if (name.length() != 1 || !covers(name.charAt(0))) {
            throw new IllegalArgumentException("glyph sheet names '" + name
                    + "' (expected: one character of 33..126, or sp)");
        }
        return name.charAt(0);
    }

    private static long bits(String cell, int c, int row) {
        if (cell.length() != GLYPH_WIDTH || !cell.matches("[#.]+")) {
            throw new IllegalArgumentException("glyph '" + (char) c + "' row " + row + " is '" + cell
                    + "' (expected: " + GLYPH_WIDTH + " of # or .)");
        }
        long bits = 0;
        for (int column = 0; column < GLYPH_WIDTH; column++) {
            if (cell.charAt(column) == '#') {
                bits |= 1L << column;
            }
        }
        return bits;
    }

    private static long box() {
        long bits = 0;
        for (int row = 0; row < 7; row++) {
            for (int column = 0; column < GLYPH_WIDTH; column++) {
                if (row == 0 || row == 6 || column == 0 || column == GLYPH_WIDTH - 1) {
                    bits |= 1L << (row * GLYPH_WIDTH + column);
                }
            }
        }
        return bits;
    }
}
