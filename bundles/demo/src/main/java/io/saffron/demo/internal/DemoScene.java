package io.saffron.demo.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.Scancodes;

/**
 * The demo's picture of one display, and what each frame changed in it. Top to bottom: a title bar, the clock
 * (HH:MM:SS.mmm) with a hint beside it, an animated pattern (scrolling colour tiles under a bouncing bar), the typed
 * text, and a status line (pointer position, buttons held, last key). Marks of button presses (a coloured disc with
 * a cross at the click, colour by button, the last {@value #MAX_MARKS}) lie on top of everything.
 * <p>
 * {@link #frame} repaints only what changed and returns those rectangles, so that the caller flushes partial
 * regions. The clock and the pattern are repainted when their time or phase changed: every frame while animating,
 * never when frozen, so a frozen display is quiet until input arrives. Every repaint paints all
 * layers inside its rectangle, so the result never depends on what was there before.
 * <p>
 * Not thread-safe: the demo thread of its display owns the scene and the image; events reach it through that
 * thread ({@link DemoDisplay}).
 */
final class DemoScene {

    /** The clock of a frozen scene. */
    static final LocalTime FROZEN_TIME = LocalTime.NOON;
    /** The pattern phase of a frozen scene, in milliseconds. */
    static final long FROZEN_PHASE = 0;
    static final int MAX_MARKS = 32;
    /** A frame with more dirty rectangles than this is flushed as their bounding box. */
    static final int MAX_RECTS = 16;
    /** Enter on the numeric keypad (set 1, extended). */
    static final int KEYPAD_ENTER = 0xE01C;

    private static final int BACKGROUND = 0x1B2130;
    private static final int TITLE_BACKGROUND = 0xE8A317;
    private static final int TITLE_TEXT = 0x2A1A05;
    private static final int PANEL = 0x0F131B;
    private static final int BORDER = 0x3B4660;
    private static final int CLOCK_TEXT = 0xF4C430;
    private static final int HINT_TEXT = 0x8C97AD;
    private static final int TEXT = 0xE6E1D8;
    private static final int CARET = 0xF4C430;
    private static final int STATUS_BACKGROUND = 0x2A3347;
    private static final int STATUS_TEXT = 0xCFD8E8;
    private static final int BAR = 0xFFF4E0;
    private static final int BAR_EDGE = 0x2A1A05;
    private static final int MARK_OUTLINE = 0x101010;
    private static final int MARK_CROSS = 0xFFFFFF;
    /** Mark colours by SPICE button number, index 0 for buttons beyond {@link PointerEvent#EXTRA}. */
    private static final int[] MARK_COLOURS = {
        0xFFFFFF, 0xE5484D, 0x46A758, 0x3E63DD, 0xFFD60A, 0xF76B15, 0xD6409F, 0x12A594};
    private static final String[] BUTTON_NAMES = {"left", "middle", "right", "up", "down", "side", "extra"};
    private static final String[] MODIFIER_NAMES = {"shift", "ctrl", "alt", "meta", "scroll", "num", "caps"};
    private static final int[] MODIFIERS = {
        KeyEvent.SHIFT, KeyEvent.CTRL, KeyEvent.ALT, KeyEvent.META, KeyEvent.SCROLL_LOCK, KeyEvent.NUM_LOCK,
        KeyEvent.CAPS_LOCK};
    /** Tiles per colour cycle of the pattern (hue steps of 360 / 24 degrees); even, so the checkerboard repeats. */
    private static final int TILE_PERIOD = 24;

    private final BufferedImage image;
    private final TextRenderer text;
    private final String title;
    private final String[] hint;

    private final int scale;
    private final int clockScale;
    private final int gap;
    private final int markRadius;
    private final Rectangle screen;
    private final Rectangle titleBar;
    private final Rectangle clockBox;
    private final Rectangle hintBox;
    private final Rectangle pattern;
    private final Rectangle textArea;
    private final Rectangle statusBar;

    // Changed by events.
    private final TextBuffer typed;
    private final Deque<Mark> marks = new ArrayDeque<>();
    private final List<Rectangle> pending = new ArrayList<>();
    private int pointerX = -1;
    private int pointerY = -1;
    private int buttons;
    private KeyEvent lastKey;

    // What the image shows.
    private boolean painted;
    private long phase;
    private String clock = "";
    private String status = "";
    private List<Line> lines = List.of();

    /**
     * @param image the back buffer, {@link BufferedImage#TYPE_INT_RGB}
     * @param info  shown in the hint, e.g. "30 fps, animated"
     */
    DemoScene(BufferedImage image, int displayId, String info) {
        this.image = image;
        this.text = new TextRenderer(image);
        int w = image.getWidth();
        int h = image.getHeight();
        this.title = "Saffron demo - display " + displayId + " - " + w + "x" + h;
        this.hint = new String[] {"type: the text appears below (Esc clears)", "click: a mark per button - " + info};

        scale = w >= 640 && h >= 480 ? 2 : 1;
        clockScale = 2 * scale;
        gap = 4 * scale;
        markRadius = 5 * scale;
        int lineHeight = TextRenderer.height(scale);
        screen = new Rectangle(0, 0, w, h);
        titleBar = new Rectangle(0, 0, w, lineHeight + 2 * gap);
        clockBox = new Rectangle(gap, titleBar.height + gap, TextRenderer.width(12, clockScale) + 2 * gap,
                TextRenderer.height(clockScale) + 2 * gap);
        int hintX = clockBox.x + clockBox.width + 2 * gap;
        hintBox = new Rectangle(hintX, clockBox.y, w - gap - hintX, clockBox.height);
        int patternY = clockBox.y + clockBox.height + gap;
        pattern = new Rectangle(gap, patternY, w - 2 * gap, Math.min(h / 5, 40 * clockScale));
        statusBar = new Rectangle(0, h - titleBar.height, w, titleBar.height);
        int textY = pattern.y + pattern.height + gap;
        textArea = new Rectangle(gap, textY, w - 2 * gap, statusBar.y - gap - textY);
        // One cell to spare on the right for the caret after a full row.
        int columns = (textArea.width - 2 * gap) / TextRenderer.width(1, scale) - 1;
        int rows = (textArea.height - 2 * gap) / lineHeight;
        typed = new TextBuffer(Math.max(1, columns), Math.max(1, rows));
    }

    /** Paints the whole scene, forgetting earlier damage; returns the rectangle to flush (the whole image). */
    Rectangle paintAll(long phaseMillis, LocalTime time) {
        pending.clear();
        update(phaseMillis, time);
        status = status();
        lines = lines();
        painted = true;
        paint(List.of(screen));
        return new Rectangle(screen);
    }

    /**
     * Paints the next frame: applies the events taken since the last frame, the time and the pattern phase.
     *
     * @return the rectangles that changed, inside the image and not empty; flush all of them
     */
    List<Rectangle> frame(long phaseMillis, LocalTime time) {
        if (!painted) {
            return List.of(paintAll(phaseMillis, time));
        }
        List<Rectangle> dirty = new ArrayList<>();
        for (Rectangle r : pending) {
            damage(dirty, r);
        }
        pending.clear();
        long previousPhase = phase;
        String previousClock = clock;
        update(phaseMillis, time);
        // Only what changed: a frozen scene sends nothing until input arrives.
        if (!clock.equals(previousClock)) {
            damage(dirty, clockBox);
        }
        if (phase != previousPhase) {
            damage(dirty, pattern);
        }
        String nextStatus = status();
        if (!nextStatus.equals(status)) {
            status = nextStatus;
            damage(dirty, statusBar);
        }
        List<Line> next = lines();
        for (int i = 0; i < Math.max(next.size(), lines.size()); i++) {
            if (!Objects.equals(i < next.size() ? next.get(i) : null, i < lines.size() ? lines.get(i) : null)) {
                damage(dirty, rowBounds(i));
            }
        }
        lines = next;
        if (dirty.size() > MAX_RECTS) {
            Rectangle union = new Rectangle(dirty.get(0));
            for (Rectangle r : dirty) {
                union.add(r);
            }
            dirty = List.of(union);
        }
        paint(dirty);
        return dirty;
    }

    /** Takes a key event: printable characters are typed; Enter, Backspace and Escape (clear) edit the text. */
    void key(KeyEvent event) {
        lastKey = event;
        if (!event.pressed()) {
            return;
        }
        int sc = event.scancode();
        int cp = event.codePoint();
        if (sc == Scancodes.ENTER || sc == KEYPAD_ENTER || cp == '\n' || cp == '\r') {
            typed.newline();
        } else if (sc == Scancodes.BACKSPACE || cp == '\b') {
            typed.backspace();
        } else if (sc == Scancodes.ESCAPE || cp == 0x1B) {
            typed.clear();
        } else if (cp >= ' ' && cp != 0x7F) {
            typed.type(cp);
        }
    }

    /** Takes a pointer event: position and buttons for the status line, and a mark for each press. */
    void pointer(PointerEvent event) {
        pointerX = event.x();
        pointerY = event.y();
        buttons = event.buttons();
        if (event.kind() == PointerEvent.Kind.PRESS) {
            Mark mark = new Mark(event.x(), event.y(), event.button());
            marks.addLast(mark);
            pending.add(markBounds(mark));
            if (marks.size() > MAX_MARKS) {
                pending.add(markBounds(marks.removeFirst()));
            }
        }
    }

    Rectangle titleBar() {
        return new Rectangle(titleBar);
    }

    Rectangle clockBox() {
        return new Rectangle(clockBox);
    }

    Rectangle pattern() {
        return new Rectangle(pattern);
    }

    Rectangle textArea() {
        return new Rectangle(textArea);
    }

    Rectangle statusBar() {
        return new Rectangle(statusBar);
    }

    TextBuffer typed() {
        return typed;
    }

    int marks() {
        return marks.size();
    }

    /** The cell of column {@code column} in text row {@code row}. */
    Rectangle textCell(int row, int column) {
        int cell = TextRenderer.width(1, scale);
        return new Rectangle(textArea.x + gap + column * cell, textArea.y + gap + row * TextRenderer.height(scale),
                cell, TextRenderer.height(scale));
    }

    /** The area a mark at {@code x}, {@code y} covers. */
    Rectangle markBounds(int x, int y) {
        return new Rectangle(x - markRadius, y - markRadius, 2 * markRadius + 1, 2 * markRadius + 1);
    }

    private Rectangle markBounds(Mark mark) {
        return markBounds(mark.x, mark.y);
    }

    private Rectangle rowBounds(int row) {
        Rectangle cell = textCell(row, 0);
        return new Rectangle(textArea.x + 1, cell.y, textArea.width - 2, cell.height);
    }

    private void damage(List<Rectangle> dirty, Rectangle r) {
        Rectangle clipped = r.intersection(screen);
        if (!clipped.isEmpty()) {
            dirty.add(clipped);
        }
    }

    private void update(long phaseMillis, LocalTime time) {
        phase = phaseMillis;
        clock = String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", time.getHour(), time.getMinute(),
                time.getSecond(), time.getNano() / 1_000_000);
    }

    private String status() {
        StringBuilder b = new StringBuilder("pointer ");
        b.append(pointerX < 0 ? "-" : pointerX + "," + pointerY).append("  buttons ");
        if (buttons == 0) {
            b.append("none");
        } else {
            String sep = "";
            for (int i = 0; i < 32; i++) {
                if ((buttons & 1 << i) != 0) {
                    b.append(sep).append(i < BUTTON_NAMES.length ? BUTTON_NAMES[i] : "b" + (i + 1));
                    sep = "+";
                }
            }
        }
        b.append("  key ");
        if (lastKey == null) {
            b.append('-');
        } else {
            b.append(String.format(Locale.ROOT, "0x%02X", lastKey.scancode()));
            b.append(lastKey.pressed() ? " down" : " up");
            for (int i = 0; i < MODIFIERS.length; i++) {
                if (lastKey.has(MODIFIERS[i])) {
                    b.append(' ').append(MODIFIER_NAMES[i]);
                }
            }
        }
        return b.toString();
    }

    private List<Line> lines() {
        List<String> rows = typed.rows();
        List<Line> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(new Line(rows.get(i), i == typed.caretRow() ? typed.caretColumn() : -1));
        }
        return out;
    }

    private void paint(List<Rectangle> rects) {
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            for (Rectangle r : rects) {
                g.setClip(r);
                fill(g, BACKGROUND, r);
                paintTitle(g, r);
                paintClock(g, r);
                paintHint(g, r);
                paintPattern(g, r);
                paintText(g, r);
                paintStatus(g, r);
                g.setClip(r);
                for (Mark m : marks) {
                    if (markBounds(m).intersects(r)) {
                        paintMark(g, m);
                    }
                }
            }
        } finally {
            g.dispose();
        }
    }

    /** Clips {@code g} to the part of {@code area} inside {@code r}; null when there is none. */
    private static Rectangle clip(Graphics2D g, Rectangle area, Rectangle r) {
        Rectangle c = area.intersection(r);
        if (c.isEmpty()) {
            return null;
        }
        g.setClip(c);
        return c;
    }

    private void paintTitle(Graphics2D g, Rectangle r) {
        Rectangle c = clip(g, titleBar, r);
        if (c != null) {
            fill(g, TITLE_BACKGROUND, titleBar);
            text.draw(title, gap, gap, scale, TITLE_TEXT, c);
        }
    }

    private void paintClock(Graphics2D g, Rectangle r) {
        Rectangle c = clip(g, clockBox, r);
        if (c != null) {
            fill(g, PANEL, clockBox);
            outline(g, BORDER, clockBox);
            text.draw(clock, clockBox.x + gap, clockBox.y + gap, clockScale, CLOCK_TEXT, c);
        }
    }

    private void paintHint(Graphics2D g, Rectangle r) {
        Rectangle c = clip(g, hintBox, r);
        if (c != null) {
            int y = hintBox.y + gap;
            for (String line : hint) {
                text.draw(line, hintBox.x, y, scale, HINT_TEXT, c);
                y += TextRenderer.height(scale) + gap;
            }
        }
    }

    /** Colour tiles scrolling left and cycling hue, under a bar bouncing between the sides. */
    private void paintPattern(Graphics2D g, Rectangle r) {
        Rectangle c = clip(g, pattern, r);
        if (c == null) {
            return;
        }
        int tile = 8 * scale;
        int scroll = (int) Math.floorMod(phase * 5 * tile / 1000, (long) TILE_PERIOD * tile); // 5 tiles a second
        int hueShift = (int) Math.floorMod(phase * 36 / 1000, 360L); // a full cycle in 10 s
        int firstColumn = Math.floorDiv(c.x - pattern.x + scroll, tile);
        int lastColumn = Math.floorDiv(c.x + c.width - 1 - pattern.x + scroll, tile);
        int firstRow = (c.y - pattern.y) / tile;
        int lastRow = (c.y + c.height - 1 - pattern.y) / tile;
        for (int j = firstRow; j <= lastRow; j++) {
            for (int i = firstColumn; i <= lastColumn; i++) {
                float hue = Math.floorMod(i * 360 / TILE_PERIOD + j * 20 + hueShift, 360) / 360f;
                float brightness = ((i + j) & 1) == 0 ? 0.95f : 0.72f;
                fill(g, Color.HSBtoRGB(hue, 0.7f, brightness),
                        new Rectangle(pattern.x + i * tile - scroll, pattern.y + j * tile, tile, tile));
            }
        }
        int barWidth = 12 * scale;
        int travel = pattern.width - barWidth;
        if (travel > 0) {
            int pos = (int) Math.floorMod(phase * 150 * scale / 1000, 2L * travel);
            int x = pattern.x + (pos <= travel ? pos : 2 * travel - pos);
            Rectangle bar = new Rectangle(x, pattern.y, barWidth, pattern.height);
            fill(g, BAR, bar);
            outline(g, BAR_EDGE, bar);
        }
    }

    private void paintText(Graphics2D g, Rectangle r) {
        Rectangle c = clip(g, textArea, r);
        if (c == null) {
            return;
        }
        fill(g, PANEL, textArea);
        outline(g, BORDER, textArea);
        Rectangle inner = new Rectangle(textArea.x + 1, textArea.y + 1, textArea.width - 2, textArea.height - 2)
                .intersection(c);
        if (inner.isEmpty()) {
            return;
        }
        g.setClip(inner);
        for (int i = 0; i < lines.size(); i++) {
            Rectangle row = rowBounds(i);
            if (!row.intersects(inner)) {
                continue;
            }
            Line line = lines.get(i);
            text.draw(line.text, row.x - 1 + gap, row.y, scale, TEXT, inner);
            if (line.caret >= 0) {
                Rectangle cell = textCell(i, line.caret);
                fill(g, CARET, new Rectangle(cell.x, cell.y + 7 * scale, BitmapFont.GLYPH_WIDTH * scale, 2 * scale));
            }
        }
    }

    private void paintStatus(Graphics2D g, Rectangle r) {
        Rectangle c = clip(g, statusBar, r);
        if (c != null) {
            fill(g, STATUS_BACKGROUND, statusBar);
            text.draw(status, gap, statusBar.y + gap, scale, STATUS_TEXT, c);
        }
    }

    /**
     * A disc with an outline and a cross, made of integer rectangles only: Java 2D rasterises ovals differently
     * under different clips, and a mark is repainted under the clip of whichever rectangle it lies in.
     */
    private void paintMark(Graphics2D g, Mark m) {
        int r = markRadius;
        int colour = MARK_COLOURS[m.button >= 1 && m.button < MARK_COLOURS.length ? m.button : 0];
        disc(g, MARK_OUTLINE, m.x, m.y, r);
        disc(g, colour, m.x, m.y, r - 1);
        fill(g, MARK_CROSS, new Rectangle(m.x - r / 2, m.y, 2 * (r / 2) + 1, 1));
        fill(g, MARK_CROSS, new Rectangle(m.x, m.y - r / 2, 1, 2 * (r / 2) + 1));
    }

    /** The pixels within {@code r + 1/2} of the centre, row by row. */
    private static void disc(Graphics2D g, int rgb, int x, int y, int r) {
        g.setColor(new Color(rgb));
        for (int dy = -r; dy <= r; dy++) {
            int half = (int) Math.sqrt(r * r + r - dy * dy);
            g.fillRect(x - half, y + dy, 2 * half + 1, 1);
        }
    }

    private static void fill(Graphics2D g, int rgb, Rectangle r) {
        g.setColor(new Color(rgb));
        g.fillRect(r.x, r.y, r.width, r.height);
    }

    /** A one-pixel frame just inside {@code r}, as four rectangles (see {@link #paintMark}). */
    private static void outline(Graphics2D g, int rgb, Rectangle r) {
        if (r.width > 1 && r.height > 1) {
            g.setColor(new Color(rgb));
            g.fillRect(r.x, r.y, r.width, 1);
            g.fillRect(r.x, r.y + r.height - 1, r.width, 1);
            g.fillRect(r.x, r.y + 1, 1, r.height - 2);
            g.fillRect(r.x + r.width - 1, r.y + 1, 1, r.height - 2);
        }
    }

    /** A press shown on the display. */
    private record Mark(int x, int y, int button) {
    }

    /** A row of typed text as painted; {@code caret} is its column, or -1 on rows without the caret. */
    private record Line(String text, int caret) {
    }
}
