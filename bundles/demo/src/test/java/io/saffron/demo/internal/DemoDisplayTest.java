package io.saffron.demo.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.PointerEvent.Kind;

class DemoDisplayTest {

    private final FakeDevice device = new FakeDevice(7, 640, 480);
    private final FakeDevice.Canvas canvas = (FakeDevice.Canvas) device.open("demo");
    private DemoDisplay display;

    @AfterEach
    void close() {
        if (display != null) {
            display.close(Duration.ofSeconds(2));
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void theFirstFrameFlushesEverythingAndSetsTheCursor() {
        display = new DemoDisplay(canvas, 30, false);
        display.showFirst();
        assertEquals(List.of(new Rectangle(0, 0, 640, 480)), canvas.flushes);
        assertSame(DemoCursor.shape(), canvas.cursor);
        assertEquals(320, canvas.cursorX);
        assertEquals(240, canvas.cursorY);
        assertEquals(1, display.frames());
    }

    @Test
    void framesApplyTheQueuedEventsAndFlushWhatChanged() {
        display = new DemoDisplay(canvas, 30, false);
        display.showFirst();
        canvas.flushes.clear();

        display.key(new KeyEvent(7, true, 0x1E, 0, 'a'));
        display.pointer(new PointerEvent(7, Kind.PRESS, 100, 300, PointerEvent.LEFT, 1));
        List<Rectangle> rects = display.frame();

        assertEquals(rects, canvas.flushes);
        assertTrue(rects.size() >= 3, "mark, status, text row (frozen: no clock, no pattern): " + rects);
        for (Rectangle r : rects) {
            assertFalse(r.equals(new Rectangle(0, 0, 640, 480)), "a whole-screen flush");
        }
        assertEquals(0xE5484D, canvas.image().getRGB(103, 303) & 0xFFFFFF, "the mark of the press");
    }

    @Test
    void eventsOfOtherDisplaysAreIgnored() {
        display = new DemoDisplay(canvas, 30, false);
        display.showFirst();
        int[] before = canvas.image().getRGB(0, 0, 640, 480, null, 0, 640);
        display.key(new KeyEvent(3, true, 0x1E, 0, 'a'));
        display.pointer(new PointerEvent(3, Kind.PRESS, 100, 300, PointerEvent.LEFT, 1));
        display.frame();
        assertArrayEquals(before, canvas.image().getRGB(0, 0, 640, 480, null, 0, 640),
                "an event of display 3 changed display 7");
    }

    @Test
    void aFloodOfEventsIsCutAtTheBound() {
        display = new DemoDisplay(canvas, 30, false);
        for (int i = 0; i < DemoDisplay.MAX_PENDING_EVENTS + 5; i++) {
            display.pointer(new PointerEvent(7, Kind.MOVE, i % 640, 1, 0, 0));
        }
        assertEquals(5, display.dropped());
        display.showFirst();
        display.frame();
        display.pointer(new PointerEvent(7, Kind.MOVE, 1, 1, 0, 0));
        assertEquals(5, display.dropped(), "the queue takes events again once drained");
    }

    @Test
    void itsThreadDrawsAtTheFrameRateAndStopsOnClose() throws InterruptedException {
        display = new DemoDisplay(canvas, 60, true);
        display.start();
        await(() -> display.frames() >= 20, "20 frames at 60 fps");
        Thread thread = canvas.flushThreads.get(0);
        assertEquals("saffron-demo-7", thread.getName());
        assertTrue(thread.isDaemon(), "the demo thread is a daemon");
        assertTrue(canvas.flushes.size() > display.frames(), "partial regions, several per frame");

        display.close(Duration.ofSeconds(2));
        thread.join(2000);
        assertFalse(thread.isAlive(), "the demo thread still runs after close");
        assertFalse(canvas.isOpen(), "the canvas is still open after close");
        int flushes = canvas.flushes.size();
        Thread.sleep(100);
        assertEquals(flushes, canvas.flushes.size(), "flushed after close");
    }

    @Test
    void aFailingFrameIsLoggedAndTheNextOneDrawn() throws InterruptedException {
        canvas.failFlush = n -> n == 2 || n == 3 || n == 4; // the first frame, then the next one fail
        display = new DemoDisplay(canvas, 60, true); // animated, so that every frame flushes
        display.start();
        await(() -> canvas.flushes.size() > 20, "frames after the failures");
        assertTrue(display.frames() >= 5, display.frames() + " frames");
    }

    @Test
    void aCanvasClosedFromOutsideStopsTheDemo() throws InterruptedException {
        display = new DemoDisplay(canvas, 60, false);
        display.start();
        await(() -> display.frames() >= 3, "3 frames");
        canvas.open = false;
        long frames = display.frames();
        Thread.sleep(200);
        assertTrue(display.frames() <= frames + 1, "frames drawn on a closed canvas: " + (display.frames() - frames));
    }

    @Test
    void fpsOutsideItsRangeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DemoDisplay(canvas, 61, true));
        assertEquals("fps 61 is out of range (expected: 1..60)", e.getMessage());
    }
}
