package io.saffron.demo.internal;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntPredicate;

import io.saffron.dispatcher.EventLoop;
import io.saffron.qxl.CursorShape;
import io.saffron.qxl.CursorState;
import io.saffron.qxl.DisplayCanvas;
import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.QxlCommand;
import io.saffron.qxl.QxlCommandListener;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.Surface;

/** A display device without a worker: {@link #open} hands out a canvas that records what the demo does with it. */
final class FakeDevice implements QxlDevice {

    private final int id;
    private final Surface surface;
    /** The owner that holds the device already, or null. */
    volatile String heldBy;
    volatile Canvas canvas;
    /** Thrown by {@link #open} when set. */
    volatile RuntimeException openFailure;

    FakeDevice(int id, int width, int height) {
        this.id = id;
        this.surface = new Surface(0, width, height, Surface.FORMAT_32_XRGB);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public Surface primarySurface() {
        return surface;
    }

    @Override
    public DisplayCanvas open(String owner) {
        if (openFailure != null) {
            throw openFailure;
        }
        if (heldBy != null) {
            throw new IllegalStateException("display " + id + " is held by " + heldBy);
        }
        heldBy = owner;
        canvas = new Canvas(this);
        return canvas;
    }

    @Override
    public EventLoop workerLoop() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public void submit(QxlCommand command) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addListener(QxlCommandListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeListener(QxlCommandListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long commandsProcessed() {
        return 0;
    }

    @Override
    public int[] framebuffer() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<int[]> snapshot() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CursorState cursor() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void input(KeyEvent event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void input(PointerEvent event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long inputsDelivered() {
        return 0;
    }

    /** Records flushes (and the threads they came from) and cursor changes; may be told to fail flushes. */
    static final class Canvas implements DisplayCanvas {
        private final FakeDevice device;
        private final BufferedImage image;
        final List<Rectangle> flushes = new CopyOnWriteArrayList<>();
        final List<Thread> flushThreads = new CopyOnWriteArrayList<>();
        volatile CursorShape cursor;
        volatile int cursorX;
        volatile int cursorY;
        volatile boolean open = true;
        /** Given the number of the flush (from 1), whether it throws. */
        volatile IntPredicate failFlush = n -> false;

        Canvas(FakeDevice device) {
            this.device = device;
            this.image = new BufferedImage(device.surface.width(), device.surface.height(),
                    BufferedImage.TYPE_INT_RGB);
        }

        @Override
        public QxlDevice device() {
            return device;
        }

        @Override
        public int width() {
            return image.getWidth();
        }

        @Override
        public int height() {
            return image.getHeight();
        }

        @Override
        public BufferedImage image() {
            return image;
        }

        @Override
        public Graphics2D graphics() {
            return image.createGraphics();
        }

        @Override
        public void flush(int x, int y, int width, int height) {
            if (!open) {
                throw new IllegalStateException("canvas of display " + device.id + " is closed");
            }
            flushThreads.add(Thread.currentThread());
            flushes.add(new Rectangle(x, y, width, height));
            if (failFlush.test(flushes.size())) {
                throw new IllegalStateException("flush " + flushes.size() + " fails (test)");
            }
        }

        @Override
        public void setCursor(CursorShape shape, int x, int y) {
            cursor = shape;
            cursorX = x;
            cursorY = y;
        }

        @Override
        public void moveCursor(int x, int y) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void hideCursor() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
            device.heldBy = null;
        }
    }
}
