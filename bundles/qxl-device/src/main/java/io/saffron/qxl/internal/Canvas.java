package io.saffron.qxl.internal;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.qxl.CursorShape;
import io.saffron.qxl.DisplayCanvas;
import io.saffron.qxl.QxlCommand;
import io.saffron.qxl.QxlDevice;

/**
 * The drawing side of one device, held by one application ({@link QxlWorker#open}). The back buffer is a
 * {@link BufferedImage#TYPE_INT_RGB}; a flush copies the rectangle out of the image's own pixel array into a new
 * array that the {@link QxlCommand.Draw} owns from then on, so the application may keep drawing at once. Used from
 * one application thread at a time; {@link #close} and {@link #isOpen} from any thread.
 */
final class Canvas implements DisplayCanvas {

    private static final Logger LOG = LoggerFactory.getLogger(Canvas.class);

    private final QxlWorker device;
    private final String owner;
    // The device's holder: this canvas holds the device while the holder refers to it.
    private final AtomicReference<Canvas> holder;
    private final BufferedImage image;
    private final int[] data;
    private final int stride;
    private final int offset;

    Canvas(QxlWorker device, String owner, AtomicReference<Canvas> holder) {
        this.device = device;
        this.owner = Objects.requireNonNull(owner, "owner");
        this.holder = holder;
        this.image = new BufferedImage(device.primarySurface().width(), device.primarySurface().height(),
                BufferedImage.TYPE_INT_RGB);
        DataBufferInt buffer = (DataBufferInt) image.getRaster().getDataBuffer();
        this.data = buffer.getData();
        this.offset = buffer.getOffset();
        this.stride = ((SinglePixelPackedSampleModel) image.getSampleModel()).getScanlineStride();
    }

    /** The name the opener gave, for logs and for the error another opener gets. */
    String owner() {
        return owner;
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
        checkUsable("flush");
        // Clip in long arithmetic: x + width may overflow an int.
        long left = Math.max(x, 0L);
        long top = Math.max(y, 0L);
        long right = Math.min((long) x + width, width());
        long bottom = Math.min((long) y + height, height());
        if (right <= left || bottom <= top) {
            return;
        }
        int l = (int) left;
        int t = (int) top;
        int w = (int) (right - left);
        int h = (int) (bottom - top);
        int[] pixels = new int[w * h];
        for (int row = 0; row < h; row++) {
            // Java 2D may leave bits in the unused high byte of TYPE_INT_RGB pixels: send 0x00RRGGBB.
            int from = offset + (t + row) * stride + l;
            int to = row * w;
            for (int i = 0; i < w; i++) {
                pixels[to + i] = data[from + i] & 0xFFFFFF;
            }
        }
        device.submit(new QxlCommand.Draw(0, l, t, w, h, pixels));
    }

    @Override
    public void setCursor(CursorShape shape, int x, int y) {
        Objects.requireNonNull(shape, "shape");
        checkUsable("setCursor");
        device.submit(new QxlCommand.SetCursor(shape, x, y, true));
    }

    @Override
    public void moveCursor(int x, int y) {
        checkUsable("moveCursor");
        device.submit(new QxlCommand.MoveCursor(x, y));
    }

    @Override
    public void hideCursor() {
        checkUsable("hideCursor");
        device.submit(new QxlCommand.HideCursor());
    }

    @Override
    public boolean isOpen() {
        return holder.get() == this;
    }

    @Override
    public void close() {
        if (holder.compareAndSet(this, null)) {
            LOG.info("display {} closed by '{}'", device.id(), owner);
        }
    }

    private void checkUsable(String operation) {
        if (!isOpen()) {
            throw new IllegalStateException(operation + " on the canvas of display " + device.id() + " opened by '"
                    + owner + "': the canvas is closed (expected: open)");
        }
        if (!device.isRunning()) {
            throw new IllegalStateException(operation + " on the canvas of display " + device.id() + " opened by '"
                    + owner + "': the display is stopped (expected: running)");
        }
    }

    @Override
    public String toString() {
        return "canvas of display " + device.id() + " (" + owner + (isOpen() ? ")" : ", closed)");
    }
}
