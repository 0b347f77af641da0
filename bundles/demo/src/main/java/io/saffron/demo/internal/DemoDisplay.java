package io.saffron.demo.internal;

import java.awt.Rectangle;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.qxl.DisplayCanvas;
import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.KeyboardListener;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.PointerListener;

/**
 * The demo on one display: its own thread ({@code saffron-demo-N}, a daemon) draws a {@link DemoScene} into the
 * canvas at a fixed rate and flushes the rectangles each frame changed. The canvas and the scene belong to that
 * thread. Key and pointer events arrive on the display's worker loop as a whiteboard listener, are queued without
 * blocking, and are applied at the start of the next frame.
 * <p>
 * A frame that throws is logged (the first of a run at ERROR) and the next frame is drawn as usual; when the canvas
 * is closed from outside or the device stopped, the demo stops drawing.
 */
final class DemoDisplay implements KeyboardListener, PointerListener {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDisplay.class);

    /** Events queued beyond this (a client flooding a stalled demo) are dropped. */
    static final int MAX_PENDING_EVENTS = 10_000;

    private final int id;
    private final DisplayCanvas canvas;
    private final DemoScene scene;
    private final boolean animate;
    private final long periodNanos;
    private final ScheduledThreadPoolExecutor thread;
    // Worker loop -> demo thread. The count bounds the queue (ConcurrentLinkedQueue.size() walks the whole queue).
    private final Queue<Object> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    // Volatile: set by the closing (SCR) thread, read by the demo thread and the worker loop.
    private volatile boolean stopped;
    // Volatile: written by the demo thread only, read by any thread for logs and tests.
    private volatile long frames;

    // Demo thread only.
    private boolean shown;
    private long startNanos;
    private long nextFrameAt;
    private int failures;

    DemoDisplay(DisplayCanvas canvas, int fps, boolean animate) {
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("fps " + fps + " is out of range (expected: 1..60)");
        }
        this.canvas = canvas;
        this.id = canvas.device().id();
        this.animate = animate;
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / fps;
        this.scene = new DemoScene(canvas.image(), id, fps + " fps, " + (animate ? "animated" : "frozen"));
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "saffron-demo-" + id);
            t.setDaemon(true);
            return t;
        });
        // On close, a frame already scheduled must not run any more.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Whether it still draws: not stopped, its canvas still holds the device, and the device runs. */
    boolean isRunning() {
        return !stopped && canvasUsable();
    }

    /**
     * Whether the canvas can still be drawn on. A device stopped (its display removed) leaves its canvas open, so
     * both are asked: a demo on a stopped device must stop, and a display added again with the same id gets a new
     * demo ({@link DemoApplication#devicesChanged}).
     */
    private boolean canvasUsable() {
        return canvas.isOpen() && canvas.device().isRunning();
    }

    int id() {
        return id;
    }

    /** Frames drawn so far, the first included. Any thread (a snapshot). */
    long frames() {
        return frames;
    }

    /** Events dropped because too many were queued. Any thread (a snapshot). */
    int dropped() {
        return dropped.get();
    }

    /** Starts the demo thread: the whole scene first, then a frame every period. Any thread, once. */
    void start() {
        thread.execute(this::tick);
    }

    /**
     * Stops the demo thread, waiting at most {@code timeout} for a frame in progress, then closes the canvas. Any
     * thread but the demo thread; idempotent.
     */
    void close(Duration timeout) {
        stopped = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("demo thread of display {} still drawing after {} ms; closing its canvas anyway", id,
                        timeout.toMillis());
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            canvas.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the canvas of display {} failed: {}", id, e.toString());
        }
        events.clear();
        LOG.debug("demo on display {} stopped after {} frame(s)", id, frames);
    }

    /** Worker loop of the display: queues the event for the next frame. */
    @Override
    public void key(KeyEvent event) {
        offer(event, event.displayId());
    }

    /** Worker loop of the display: queues the event for the next frame. */
    @Override
    public void pointer(PointerEvent event) {
        offer(event, event.displayId());
    }

    private void offer(Object event, int displayId) {
        if (stopped || displayId != id) {
            return; // another display's event: only a listener registered without the display property gets one
        }
        if (queued.incrementAndGet() > MAX_PENDING_EVENTS) {
            queued.decrementAndGet();
            if (dropped.getAndIncrement() == 0) {
                LOG.info("demo on display {} drops input: {} events wait for the next frame", id, MAX_PENDING_EVENTS);
            }
            return;
        }
        events.offer(event);
    }

    /** Demo thread: one frame, then the next one is scheduled. */
    private void tick() {
        if (stopped) {
            return;
        }
        if (!canvasUsable()) {
            LOG.info("demo on display {} stops: its canvas was closed or its display stopped after {} frame(s)", id,
                    frames);
            return;
        }
        try {
            if (shown) {
                frame();
            } else {
                showFirst();
            }
            if (failures > 0) {
                LOG.info("demo on display {} draws again after {} failed frame(s)", id, failures);
                failures = 0;
            }
        } catch (RuntimeException e) {
            if (failures++ == 0) {
                LOG.error("demo frame on display {} failed, drawing on: {}", id, e.toString(), e);
            } else {
                LOG.debug("demo frame on display {} failed ({} in a row): {}", id, failures, e.toString());
            }
        } catch (Error e) {
            LOG.error("demo on display {} stops: {}", id, e.toString(), e);
            throw e;
        }
        scheduleNext();
    }

    /** Demo thread (tests: any single thread): the whole scene, flushed at once, and the pointer shape. */
    void showFirst() {
        startNanos = System.nanoTime();
        nextFrameAt = startNanos;
        scene.paintAll(phase(), time());
        canvas.flushAll();
        canvas.setCursor(DemoCursor.shape(), canvas.width() / 2, canvas.height() / 2);
        shown = true;
        frames++;
    }

    /** Demo thread (tests: any single thread): applies the queued events, draws a frame, flushes what changed. */
    List<Rectangle> frame() {
        Object event;
        while ((event = events.poll()) != null) {
            queued.decrementAndGet();
            if (event instanceof KeyEvent k) {
                scene.key(k);
            } else if (event instanceof PointerEvent p) {
                scene.pointer(p);
            }
        }
        List<Rectangle> dirty = scene.frame(phase(), time());
        for (Rectangle r : dirty) {
            canvas.flush(r);
        }
        frames++;
        return dirty;
    }

    private void scheduleNext() {
        long now = System.nanoTime();
        nextFrameAt += periodNanos;
        if (nextFrameAt - now < 0) {
            nextFrameAt = now; // late (a long frame, a suspended machine): skip the missed frames, no burst
        }
        try {
            thread.schedule(this::tick, nextFrameAt - now, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing: no more frames
        }
    }

    private long phase() {
        return animate ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) : DemoScene.FROZEN_PHASE;
    }

    private LocalTime time() {
        return animate ? LocalTime.now() : DemoScene.FROZEN_TIME;
    }
}
