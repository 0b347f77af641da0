package io.saffron.demo.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.PointerEvent.Kind;
import io.saffron.qxl.Scancodes;

class DemoSceneTest {

    private static final int W = 1024;
    private static final int H = 768;
    private static final int RED = 0xE5484D;
    private static final int GREEN = 0x46A758;
    private static final int TEXT = 0xE6E1D8;

    private static BufferedImage image(int w, int h) {
        return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    }

    private static int[] pixels(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData().clone();
    }

    private static DemoScene frozen(BufferedImage image) {
        DemoScene scene = new DemoScene(image, 0, "30 fps, frozen");
        scene.paintAll(DemoScene.FROZEN_PHASE, DemoScene.FROZEN_TIME);
        return scene;
    }

    private static List<Rectangle> frozenFrame(DemoScene scene) {
        return scene.frame(DemoScene.FROZEN_PHASE, DemoScene.FROZEN_TIME);
    }

    private static KeyEvent press(int scancode, int codePoint) {
        return new KeyEvent(0, true, scancode, 0, codePoint);
    }

    private static PointerEvent click(int x, int y, int button) {
        return new PointerEvent(0, Kind.PRESS, x, y, button, 1 << (button - 1));
    }

    /** The pixels that differ between two frames of the same size. */
    private static List<int[]> changed(int[] before, int[] after, int width) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < before.length; i++) {
            if (before[i] != after[i]) {
                out.add(new int[] {i % width, i / width});
            }
        }
        return out;
    }

    private static void assertInside(List<int[]> changed, List<Rectangle> rects, String when) {
        for (int[] p : changed) {
            if (rects.stream().noneMatch(r -> r.contains(p[0], p[1]))) {
                fail(when + ": pixel " + p[0] + "," + p[1] + " changed outside the flushed " + rects);
            }
        }
    }

    @Test
    void aFrozenSceneDrawsTheSamePixelsEveryTime() {
        BufferedImage a = image(W, H);
        DemoScene scene = frozen(a);
        int[] first = pixels(a);
        frozenFrame(scene);
        assertArrayEquals(first, pixels(a), "the second frame of a frozen scene differs from the first");
        frozenFrame(scene);
        assertArrayEquals(first, pixels(a), "the third frame of a frozen scene differs from the first");

        BufferedImage b = image(W, H);
        frozen(b);
        assertArrayEquals(first, pixels(b), "two frozen scenes differ");
    }

    @Test
    void theSameEventsGiveTheSamePixels() {
        BufferedImage a = image(W, H);
        BufferedImage b = image(W, H);
        DemoScene sa = frozen(a);
        DemoScene sb = frozen(b);
        for (DemoScene s : List.of(sa, sb)) {
            s.key(press(0x1E, 'a'));
            s.pointer(click(100, 600, PointerEvent.RIGHT));
            frozenFrame(s);
            s.key(press(0x30, 'b'));
            frozenFrame(s);
        }
        assertArrayEquals(pixels(a), pixels(b));
    }

    @Test
    void animatedFramesChangeTheClockAndThePatternOnly() {
        BufferedImage image = image(W, H);
        DemoScene scene = new DemoScene(image, 0, "30 fps, animated");
        scene.paintAll(0, LocalTime.of(9, 0));
        int[] before = pixels(image);
        List<Rectangle> rects = scene.frame(33, LocalTime.of(9, 0, 0, 33_000_000));
        assertEquals(List.of(scene.clockBox(), scene.pattern()), rects);
        List<int[]> changed = changed(before, pixels(image), W);
        assertFalse(changed.isEmpty(), "33 ms later nothing moved");
        assertTrue(changed.stream().anyMatch(p -> scene.clockBox().contains(p[0], p[1])), "the clock did not change");
        assertTrue(changed.stream().anyMatch(p -> scene.pattern().contains(p[0], p[1])), "the pattern did not move");
    }

    @Test
    void everyFrameIsFlushedAsPartialRegions() {
        BufferedImage image = image(W, H);
        DemoScene scene = new DemoScene(image, 0, "30 fps, animated");
        scene.paintAll(0, LocalTime.MIDNIGHT);
        for (int i = 1; i <= 30; i++) {
            List<Rectangle> rects = scene.frame(i * 33L, LocalTime.MIDNIGHT.plusNanos(i * 33_000_000L));
            long area = rects.stream().mapToLong(r -> (long) r.width * r.height).sum();
            assertFalse(rects.isEmpty(), "frame " + i + " flushes nothing");
            assertTrue(area < (long) W * H / 3, "frame " + i + " flushes " + area + " pixels (expected: < a third of "
                    + W * H + ")");
        }
    }

    /**
     * Random events and times, frame after frame: whatever changed lies inside what the frame returned, and the
     * image equals a full repaint of a scene that took the same events (so nothing that should change was missed).
     */
    @ParameterizedTest
    @CsvSource({"1024, 768", "640, 480", "800, 600", "320, 200", "17, 333", "16, 16"})
    void theDirtyRectanglesCoverEveryChangedPixel(int w, int h) {
        Random random = new Random(w * 31L + h);
        BufferedImage image = image(w, h);
        BufferedImage reference = image(w, h);
        DemoScene scene = new DemoScene(image, 3, "60 fps, animated");
        DemoScene full = new DemoScene(reference, 3, "60 fps, animated");
        Rectangle bounds = new Rectangle(0, 0, w, h);
        scene.paintAll(0, LocalTime.NOON);
        long phase = 0;
        LocalTime time = LocalTime.NOON;
        int buttons = 0;
        for (int frame = 1; frame <= 150; frame++) {
            int events = random.nextInt(6);
            for (int e = 0; e < events; e++) {
                int x = random.nextInt(w);
                int y = random.nextInt(h);
                int button = 1 + random.nextInt(7);
                Object event = switch (random.nextInt(8)) {
                    case 0, 1 -> press(0x10, 33 + random.nextInt(94));
                    case 2 -> press(Scancodes.BACKSPACE, 0);
                    case 3 -> press(random.nextInt(8) == 0 ? Scancodes.ESCAPE : Scancodes.ENTER, 0);
                    case 4 -> new PointerEvent(3, Kind.MOVE, x, y, 0, buttons);
                    case 5 -> new PointerEvent(3, Kind.PRESS, x, y, button, buttons |= 1 << (button - 1));
                    case 6 -> new PointerEvent(3, Kind.RELEASE, x, y, button, buttons &= ~(1 << (button - 1)));
                    default -> new KeyEvent(3, false, 0x2A, random.nextInt(0x800), 0);
                };
                for (DemoScene s : List.of(scene, full)) {
                    if (event instanceof KeyEvent k) {
                        s.key(k);
                    } else {
                        s.pointer((PointerEvent) event);
                    }
                }
            }
            phase += random.nextInt(100);
            time = time.plusNanos(random.nextInt(100_000_000));
            int[] before = pixels(image);
            List<Rectangle> rects = scene.frame(phase, time);
            for (Rectangle r : rects) {
                assertFalse(r.isEmpty(), "empty rectangle " + r);
                assertTrue(bounds.contains(r), r + " leaves the image " + bounds);
            }
            assertTrue(rects.size() <= DemoScene.MAX_RECTS, rects.size() + " rectangles");
            assertInside(changed(before, pixels(image), w), rects, w + "x" + h + " frame " + frame);
            full.paintAll(phase, time);
            List<int[]> missed = changed(pixels(reference), pixels(image), w);
            if (!missed.isEmpty()) {
                fail(w + "x" + h + " frame " + frame + ": " + missed.size() + " pixel(s) differ from a full repaint, "
                        + "first at " + missed.get(0)[0] + "," + missed.get(0)[1]);
            }
        }
    }

    @Test
    void aTypedCharacterAppearsInTheFirstCellOfTheTextArea() {
        BufferedImage image = image(W, H);
        DemoScene scene = frozen(image);
        Rectangle cell = scene.textCell(0, 0);
        assertEquals(0, count(image, cell, TEXT), "text before typing");
        int[] before = pixels(image);

        scene.key(press(0x1E, 'A'));
        List<Rectangle> rects = frozenFrame(scene);

        assertEquals("A", scene.typed().rows().get(0));
        assertEquals(Long.bitCount(BitmapFont.glyph('A')) * 4, count(image, cell, TEXT), "pixels of 'A' at scale 2");
        Rectangle row = new Rectangle(scene.textArea().x, cell.y, scene.textArea().width, cell.height);
        List<Rectangle> expected = List.of(row, scene.statusBar());
        assertInside(changed(before, pixels(image), W), expected, "typing 'A'");
        assertTrue(rects.stream().anyMatch(r -> r.contains(cell)), "the cell of 'A' is not flushed: " + rects);
        assertTrue(rects.contains(scene.statusBar()), "the status line (last key) is not flushed: " + rects);
    }

    @Test
    void backspaceAndEscapeRestoreTheEmptyTextArea() {
        BufferedImage image = image(W, H);
        DemoScene scene = frozen(image);
        BufferedImage fresh = image(W, H);
        frozen(fresh);
        Rectangle text = scene.textArea();

        scene.key(press(0x1E, 'a'));
        scene.key(press(Scancodes.ENTER, 0));
        scene.key(press(0x30, 'b'));
        frozenFrame(scene);
        assertEquals(List.of("a", "b"), scene.typed().rows());
        assertNotEquals(0, count(image, scene.textCell(1, 0), TEXT), "'b' on the second row");

        scene.key(press(Scancodes.BACKSPACE, 0));
        scene.key(press(Scancodes.BACKSPACE, 0));
        frozenFrame(scene);
        assertEquals(List.of("a"), scene.typed().rows());
        assertEquals(0, count(image, scene.textCell(1, 0), TEXT), "'b' after backspace");

        scene.key(press(Scancodes.ESCAPE, 0));
        frozenFrame(scene);
        assertArrayEquals(region(fresh, text), region(image, text), "the text area after Escape");
    }

    @Test
    void aPressLeavesAMarkInTheButtonsColourAtTheClick() {
        BufferedImage image = image(W, H);
        DemoScene scene = frozen(image);
        int[] before = pixels(image);

        scene.pointer(click(500, 400, PointerEvent.LEFT));
        scene.pointer(click(600, 180, PointerEvent.MIDDLE)); // over the pattern: marks lie on top
        List<Rectangle> rects = frozenFrame(scene);

        assertEquals(RED, rgb(image, 503, 403), "left mark beside its cross");
        assertEquals(0xFFFFFF, rgb(image, 500, 400), "left mark's cross at the click");
        assertEquals(GREEN, rgb(image, 603, 183), "middle mark over the pattern");
        assertEquals(0xFFFFFF, rgb(image, 600, 180), "middle mark's cross at the click");
        List<Rectangle> expected = List.of(scene.markBounds(500, 400), scene.markBounds(600, 180),
                scene.statusBar());
        assertInside(changed(before, pixels(image), W), expected, "two presses");
        assertTrue(rects.contains(scene.markBounds(500, 400)), rects.toString());

        // The pattern is repainted every frame; the mark stays on top of it.
        frozenFrame(scene);
        assertEquals(GREEN, rgb(image, 603, 183), "middle mark after the pattern was repainted");
    }

    @Test
    void onlyTheLast32MarksAreKept() {
        BufferedImage image = image(W, H);
        DemoScene scene = frozen(image);
        BufferedImage fresh = image(W, H);
        frozen(fresh);
        for (int i = 0; i < 40; i++) {
            scene.pointer(click(40 + i * 24, 700, PointerEvent.RIGHT));
            frozenFrame(scene);
        }
        assertEquals(DemoScene.MAX_MARKS, scene.marks());
        for (int i = 0; i < 8; i++) {
            Rectangle gone = scene.markBounds(40 + i * 24, 700);
            assertArrayEquals(region(fresh, gone), region(image, gone), "mark " + i + " was not removed");
        }
        assertEquals(0x3E63DD, rgb(image, 40 + 8 * 24 + 3, 703), "the oldest mark kept");
    }

    @Test
    void theStatusLineChangesOnlyWithThePointerTheButtonsOrAKey() {
        BufferedImage image = image(W, H);
        DemoScene scene = frozen(image);
        scene.pointer(new PointerEvent(0, Kind.MOVE, 10, 20, 0, 0));
        assertTrue(frozenFrame(scene).contains(scene.statusBar()), "a move changes the status line");
        int[] before = pixels(image);

        scene.pointer(new PointerEvent(0, Kind.MOVE, 10, 20, 0, 0));
        assertFalse(frozenFrame(scene).contains(scene.statusBar()), "the same position again changes nothing");
        assertArrayEquals(before, pixels(image));

        scene.pointer(new PointerEvent(0, Kind.RELEASE, 10, 20, PointerEvent.LEFT, 0b100));
        assertTrue(frozenFrame(scene).contains(scene.statusBar()), "other buttons held change the status line");
        assertInside(changed(before, pixels(image), W), List.of(scene.statusBar()), "buttons");
    }

    @Test
    void eachDisplayShowsItsNumberAndSizeInTheTitleBar() {
        BufferedImage zero = image(W, H);
        BufferedImage one = image(W, H);
        new DemoScene(zero, 0, "x").paintAll(0, LocalTime.NOON);
        DemoScene scene = new DemoScene(one, 1, "x");
        scene.paintAll(0, LocalTime.NOON);
        List<int[]> changed = changed(pixels(zero), pixels(one), W);
        assertFalse(changed.isEmpty());
        assertInside(changed, List.of(scene.titleBar()), "display 0 against display 1");
    }

    @Test
    void theFirstFrameWithoutPaintAllPaintsEverything() {
        BufferedImage image = image(320, 200);
        DemoScene scene = new DemoScene(image, 0, "x");
        assertEquals(List.of(new Rectangle(0, 0, 320, 200)), scene.frame(0, LocalTime.NOON));
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    private static int count(BufferedImage image, Rectangle r, int rgb) {
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                if (rgb(image, x, y) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int[] region(BufferedImage image, Rectangle r) {
        Rectangle c = r.intersection(new Rectangle(0, 0, image.getWidth(), image.getHeight()));
        return image.getRGB(c.x, c.y, c.width, c.height, null, 0, c.width);
    }
}
