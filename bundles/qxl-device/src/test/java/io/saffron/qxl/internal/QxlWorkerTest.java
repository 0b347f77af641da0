package io.saffron.qxl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.saffron.qxl.CursorShape;
import io.saffron.qxl.CursorState;
import io.saffron.qxl.DisplayCanvas;
import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.KeyboardListener;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.QxlCommand;
import io.saffron.qxl.QxlCommandListener;

/**
 * The worker's own state (framebuffer, pointer), its ordering promises (snapshot after earlier submits, input in
 * order, pointer moves before pointer listeners) and its thread rules, on real worker loops.
 */
class QxlWorkerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int W = 16;
    private static final int H = 8;

    private final InputListeners inputs = new InputListeners();
    private final AtomicLong serviceIds = new AtomicLong(1);
    private TestWorkerLoop loop0;
    private QxlWorker device;
    // Commands the listener saw, with the thread that saw them.
    private final Queue<QxlCommand> seen = new ConcurrentLinkedQueue<>();
    private final Queue<String> seenThreads = new ConcurrentLinkedQueue<>();
    private final QxlCommandListener recorder = (d, c) -> {
        seen.add(c);
        seenThreads.add(Thread.currentThread().getName());
    };

    @BeforeEach
    void start() throws Exception {
        loop0 = new TestWorkerLoop(0);
        device = new QxlWorker(loop0, W, H, inputs);
        device.start(TIMEOUT);
        loop0.on(() -> {
            device.addListener(recorder);
            return null;
        });
    }

    @AfterEach
    void stop() {
        if (device.isRunning()) {
            device.stop(TIMEOUT);
        }
        assertEquals(List.of(), loop0.failures(), "failures on the worker loop");
    }

    private int[] snapshot() throws Exception {
        return device.snapshot().get(5, TimeUnit.SECONDS);
    }

    private Map<String, Object> props(Integer display) {
        return display == null ? Map.of("service.id", serviceIds.getAndIncrement())
                : Map.of("service.id", serviceIds.getAndIncrement(), KeyboardListener.DISPLAY_PROPERTY, display);
    }

    private static int[] fill(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    // ------------------------------------------------------------------ framebuffer

    @Test
    void framebufferStartsBlackAndTakesDrawsWithoutTheHighByte() throws Exception {
        assertArrayEquals(new int[W * H], snapshot());
        device.submit(new QxlCommand.Draw(0, 1, 2, 2, 2, new int[] {0xFF112233, 0x445566, 0x778899, 0xAABBCC}));
        int[] frame = snapshot();
        assertEquals(0x112233, frame[2 * W + 1]);
        assertEquals(0x445566, frame[2 * W + 2]);
        assertEquals(0x778899, frame[3 * W + 1]);
        assertEquals(0xAABBCC, frame[3 * W + 2]);
        assertEquals(0, frame[2 * W]);
        assertEquals(0, frame[4 * W + 1]);
        assertEquals(1, device.commandsProcessed());
    }

    @Test
    void framebufferIsTheWorkersOwnArrayAndSnapshotsAreCopies() throws Exception {
        int[] live = loop0.on(device::framebuffer);
        assertSame(live, loop0.on(device::framebuffer));
        int[] copy = snapshot();
        assertNotSame(live, copy);
        assertArrayEquals(live, copy);
    }

    @Test
    void drawsAreClippedToTheSurfaceAndListenersSeeOnlyWhatIsInside() throws Exception {
        int[] pixels = new int[4 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 0x010000 * (i + 1);
        }
        device.submit(new QxlCommand.Draw(0, W - 2, H - 2, 4, 3, pixels)); // 2x2 of it is inside
        device.submit(new QxlCommand.Draw(0, W, 0, 1, 1, new int[] {0xFFFFFF})); // right of the surface
        device.submit(new QxlCommand.Draw(0, 0, H + 5, 1, 1, new int[] {0xFFFFFF})); // below it
        device.submit(new QxlCommand.Draw(7, 0, 0, 1, 1, new int[] {0xFFFFFF})); // a surface that does not exist
        device.submit(new QxlCommand.Draw(0, Integer.MAX_VALUE, 0, 1, 1, new int[] {0xFFFFFF}));
        int[] frame = snapshot();
        assertEquals(0x010000, frame[(H - 2) * W + W - 2]);
        assertEquals(0x020000, frame[(H - 2) * W + W - 1]);
        assertEquals(0x050000, frame[(H - 1) * W + W - 2]);
        assertEquals(0x060000, frame[(H - 1) * W + W - 1]);
        assertEquals(0, frame[0]);
        assertEquals(5, device.commandsProcessed(), "every command is drained, applied or not");
        List<QxlCommand> got = List.copyOf(seen);
        assertEquals(1, got.size(), "only the clipped draw reaches the listeners: " + got);
        QxlCommand.Draw d = (QxlCommand.Draw) got.get(0);
        assertEquals(List.of(W - 2, H - 2, 2, 2), List.of(d.left(), d.top(), d.width(), d.height()));
        assertArrayEquals(new int[] {0x010000, 0x020000, 0x050000, 0x060000}, d.pixels());
    }

    @Test
    void anInsideDrawReachesTheListenersAsSubmittedOnTheWorker() throws Exception {
        QxlCommand.Draw draw = new QxlCommand.Draw(0, 0, 0, W, H, fill(W * H, 0x123456));
        device.submit(draw);
        snapshot();
        assertEquals(List.of(draw), List.copyOf(seen));
        assertSame(draw, seen.peek());
        assertEquals(List.of("spice-worker-0"), List.copyOf(seenThreads));
    }

    // ------------------------------------------------------------------ snapshot

    @Test
    void snapshotRunsAfterEveryEarlierSubmitEvenWhenTheyAreStillQueued() throws Exception {
        CountDownLatch resume = loop0.pause();
        for (int i = 0; i < 500; i++) {
            device.submit(new QxlCommand.Draw(0, i % W, 0, 1, 1, new int[] {i}));
        }
        CompletableFuture<int[]> snap = device.snapshot();
        device.submit(new QxlCommand.Draw(0, 0, 1, 1, 1, new int[] {0xABCDEF})); // after the snapshot was asked
        assertFalse(snap.isDone());
        resume.countDown();
        int[] frame = snap.get(5, TimeUnit.SECONDS);
        for (int x = 0; x < W; x++) {
            int last = (499 - x) / W * W + x; // the last i < 500 with i % W == x
            assertEquals(last, frame[x], "pixel " + x + " holds the last draw submitted before the snapshot");
        }
        assertTrue(device.commandsProcessed() >= 500);
        assertEquals(0xABCDEF, snapshot()[W]);
    }

    @Test
    void snapshotFromAnotherThreadSeesThatThreadsSubmits() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<int[]>> snaps = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int row = t;
            CompletableFuture<int[]> f = new CompletableFuture<>();
            snaps.add(f);
            Thread th = new Thread(() -> {
                for (int i = 1; i <= 200; i++) {
                    device.submit(new QxlCommand.Draw(0, 0, row, 1, 1, new int[] {i}));
                }
                device.snapshot().whenComplete((v, e) -> {
                    if (e != null) {
                        f.completeExceptionally(e);
                    } else {
                        f.complete(v);
                    }
                });
            }, "device-" + t);
            threads.add(th);
            th.start();
        }
        for (int t = 0; t < 4; t++) {
            assertEquals(200, snaps.get(t).get(5, TimeUnit.SECONDS)[t * W], "device thread " + t);
        }
        for (Thread th : threads) {
            th.join(5000);
        }
    }

    @Test
    void snapshotFromACommandListenerDuringADrainFailsInsteadOfReenteringIt() throws Exception {
        CompletableFuture<CompletableFuture<int[]>> inner = new CompletableFuture<>();
        loop0.on(() -> {
            device.addListener((d, c) -> inner.complete(d.snapshot()));
            return null;
        });
        device.submit(new QxlCommand.Draw(0, 0, 0, 1, 1, new int[] {1}));
        CompletableFuture<int[]> nested = inner.get(5, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> nested.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("during a drain"), e.getCause().getMessage());
        assertEquals(1, snapshot()[0]);
    }

    @Test
    void snapshotOfAStoppedDeviceFails() {
        device.stop(TIMEOUT);
        ExecutionException e = assertThrows(ExecutionException.class, () -> device.snapshot().get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("display 0 is not running"), e.getCause().getMessage());
        assertThrows(IllegalStateException.class, () -> device.submit(new QxlCommand.HideCursor()));
    }

    // ------------------------------------------------------------------ canvas

    @Test
    void openIsExclusiveAndCloseReleasesTheDevice() {
        DisplayCanvas a = device.open("demo");
        assertTrue(a.isOpen());
        assertSame(device, a.device());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> device.open("other app"));
        assertTrue(e.getMessage().contains("display 0"), e.getMessage());
        assertTrue(e.getMessage().contains("'demo'"), e.getMessage());
        assertTrue(e.getMessage().contains("'other app'"), e.getMessage());
        a.close();
        a.close(); // idempotent
        assertFalse(a.isOpen());
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> a.flush(0, 0, 1, 1));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        DisplayCanvas b = device.open("other app");
        assertTrue(b.isOpen());
        a.close(); // a stale canvas cannot release the new owner
        assertTrue(b.isOpen());
        b.close();
    }

    @Test
    void openOnlyOnceUnderContention() throws Exception {
        List<Thread> threads = new ArrayList<>();
        Queue<DisplayCanvas> winners = new ConcurrentLinkedQueue<>();
        Queue<Throwable> losers = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            String owner = "app-" + i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    winners.add(device.open(owner));
                } catch (Throwable e) {
                    losers.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(5000);
        }
        assertEquals(1, winners.size());
        assertEquals(7, losers.size());
        losers.forEach(e -> assertInstanceOf(IllegalStateException.class, e));
    }

    @Test
    void flushSendsTheClippedRectangleOfTheBackBuffer() throws Exception {
        try (DisplayCanvas canvas = device.open("test")) {
            assertEquals(W, canvas.width());
            assertEquals(H, canvas.height());
            Graphics2D g = canvas.graphics();
            g.setColor(new Color(0x10, 0x20, 0x30));
            g.fillRect(2, 3, 2, 2);
            g.dispose();
            canvas.flush(-5, -5, 1, 1); // empty intersection: nothing submitted
            canvas.flush(1, 2, 100, 100);
            int[] frame = snapshot();
            assertEquals(0x102030, frame[3 * W + 2]);
            assertEquals(0x102030, frame[4 * W + 3]);
            assertEquals(0, frame[3 * W + 1]);
            assertEquals(1, seen.size(), "one draw: " + seen);
            QxlCommand.Draw d = (QxlCommand.Draw) seen.peek();
            assertEquals(List.of(1, 2, W - 1, H - 2), List.of(d.left(), d.top(), d.width(), d.height()));
            // The draw owns a copy: drawing on after the flush does not change what was sent.
            canvas.image().setRGB(2, 3, 0xFFFFFF);
            assertEquals(0x102030, d.pixels()[1 * d.width() + 1]);
            canvas.flushAll();
            assertEquals(0xFFFFFF, snapshot()[3 * W + 2]);
        }
    }

    @Test
    void canvasCursorCommandsChangeTheDevicesPointer() throws Exception {
        assertEquals(new CursorState(CursorShape.arrow(), W / 2, H / 2, true), loop0.on(device::cursor));
        CursorShape dot = new CursorShape(1, 1, 0, 0, new int[] {0xFFFF0000});
        try (DisplayCanvas canvas = device.open("test")) {
            canvas.setCursor(dot, 3, 4);
            snapshot();
            assertEquals(new CursorState(dot, 3, 4, true), loop0.on(device::cursor));
            canvas.hideCursor();
            snapshot();
            assertEquals(new CursorState(dot, 3, 4, false), loop0.on(device::cursor));
            canvas.moveCursor(5, 6);
            snapshot();
            assertEquals(new CursorState(dot, 5, 6, true), loop0.on(device::cursor));
        }
        assertEquals(List.of(new QxlCommand.SetCursor(dot, 3, 4, true), new QxlCommand.HideCursor(),
                new QxlCommand.MoveCursor(5, 6)), List.copyOf(seen));
    }

    // ------------------------------------------------------------------ input

    @Test
    void keyEventsReachTheListenersInOrderOnTheWorker() throws Exception {
        Queue<KeyEvent> got = new ConcurrentLinkedQueue<>();
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        inputs.addKeyboard(e -> {
            got.add(e);
            threads.add(Thread.currentThread().getName());
        }, props(null));
        List<KeyEvent> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            KeyEvent e = new KeyEvent(0, i % 2 == 0, 0x1E + i % 10, 0, 0);
            sent.add(e);
            device.input(e);
        }
        snapshot(); // the input messages were posted before it
        assertEquals(sent, List.copyOf(got));
        assertEquals(1000, device.inputsDelivered());
        assertTrue(threads.stream().allMatch("spice-worker-0"::equals), threads.toString());
    }

    @Test
    void listenersAreFilteredByDisplay() throws Exception {
        TestWorkerLoop loop1 = new TestWorkerLoop(1);
        QxlWorker device1 = new QxlWorker(loop1, W, H, inputs);
        device1.start(TIMEOUT);
        try {
            Queue<String> got = new ConcurrentLinkedQueue<>();
            inputs.addKeyboard(e -> got.add("all:" + e.displayId()), props(null));
            inputs.addKeyboard(e -> got.add("only0:" + e.displayId()), props(0));
            inputs.addKeyboard(e -> got.add("only1:" + e.displayId()), props(1));
            inputs.addPointer(e -> got.add("pointer1:" + e.displayId()), props(1));
            device.input(new KeyEvent(0, true, 0x1E, 0, 'a'));
            snapshot();
            device1.input(new KeyEvent(1, true, 0x1E, 0, 'a'));
            device1.input(new PointerEvent(1, PointerEvent.Kind.MOVE, 1, 1, 0, 0));
            device.input(new PointerEvent(0, PointerEvent.Kind.MOVE, 1, 1, 0, 0));
            device1.snapshot().get(5, TimeUnit.SECONDS);
            snapshot();
            assertEquals(List.of("all:0", "only0:0", "all:1", "only1:1", "pointer1:1"), List.copyOf(got));
            assertEquals(2, device.inputsDelivered());
            assertEquals(2, device1.inputsDelivered());
        } finally {
            device1.stop(TIMEOUT);
        }
        assertEquals(List.of(), loop1.failures());
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() throws Exception {
        Queue<KeyEvent> got = new ConcurrentLinkedQueue<>();
        inputs.addKeyboard(e -> {
            throw new IllegalStateException("listener bug");
        }, props(null));
        inputs.addKeyboard(got::add, props(null));
        loop0.on(() -> {
            device.addListener((d, c) -> {
                throw new IllegalStateException("command listener bug");
            });
            return null;
        });
        KeyEvent e = new KeyEvent(0, true, 0x39, 0, ' ');
        device.input(e);
        device.submit(new QxlCommand.Draw(0, 0, 0, 1, 1, new int[] {7}));
        assertEquals(7, snapshot()[0]);
        assertEquals(List.of(e), List.copyOf(got));
        assertEquals(1, seen.size(), "the recorder still saw the draw");
    }

    @Test
    void unboundListenersReceiveNothing() throws Exception {
        Queue<KeyEvent> got = new ConcurrentLinkedQueue<>();
        Map<String, Object> p = props(null);
        inputs.addKeyboard(got::add, p);
        device.input(new KeyEvent(0, true, 0x1E, 0, 'a'));
        snapshot();
        inputs.removeKeyboard(p);
        device.input(new KeyEvent(0, false, 0x1E, 0, 0));
        snapshot();
        assertEquals(1, got.size());
        assertEquals(2, device.inputsDelivered(), "delivered counts events handed to the listeners present");
    }

    @Test
    void pointerEventsMoveTheDevicesPointerBeforeTheListenersSeeThem() throws Exception {
        Queue<Object> got = new ConcurrentLinkedQueue<>();
        inputs.addPointer(e -> got.add(List.of(e, device.cursor())), props(null));
        try (DisplayCanvas canvas = device.open("test")) {
            canvas.hideCursor();
        }
        PointerEvent move = new PointerEvent(0, PointerEvent.Kind.MOVE, 3, 4, 0, 0);
        PointerEvent press = new PointerEvent(0, PointerEvent.Kind.PRESS, 3, 4, PointerEvent.LEFT, 1);
        PointerEvent release = new PointerEvent(0, PointerEvent.Kind.RELEASE, 3, 4, PointerEvent.LEFT, 0);
        device.input(move);
        device.input(press);
        device.input(release);
        snapshot();
        CursorState at = new CursorState(CursorShape.arrow(), 3, 4, true);
        assertEquals(List.of(List.of(move, at), List.of(press, at), List.of(release, at)), List.copyOf(got));
        // The cursor listeners (the cursor channel) saw one move: presses at the pointer's position add none.
        assertEquals(List.of(new QxlCommand.HideCursor(), new QxlCommand.MoveCursor(3, 4)), List.copyOf(seen));
        assertEquals(3, device.inputsDelivered());
    }

    @Test
    void inputIsCheckedAgainstTheDevice() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> device.input(new KeyEvent(3, true, 0x1E, 0, 'a')));
        assertTrue(wrong.getMessage().contains("names display 3 (expected: 0)"), wrong.getMessage());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> device.input(new PointerEvent(0, PointerEvent.Kind.MOVE, W, 0, 0, 0)));
        assertTrue(outside.getMessage().contains(W + "x" + H), outside.getMessage());
    }

    @Test
    void inputToAStoppedDeviceIsDropped() {
        device.stop(TIMEOUT);
        device.input(new KeyEvent(0, true, 0x1E, 0, 'a'));
        assertEquals(0, device.inputsDelivered());
    }

    // ------------------------------------------------------------------ thread rules

    @Test
    void workerOnlyMethodsFailFromOtherThreads() {
        for (Runnable r : List.<Runnable>of(device::framebuffer, device::cursor, () -> device.addListener(recorder),
                () -> device.removeListener(recorder))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, r::run);
            assertTrue(e.getMessage().contains("must run on spice-worker-0, called from "
                    + Thread.currentThread().getName()), e.getMessage());
        }
    }
}
