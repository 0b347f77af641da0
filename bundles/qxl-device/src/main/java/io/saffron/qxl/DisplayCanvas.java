package io.saffron.qxl;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The drawing side of a display device, held by one application at a time ({@link QxlDevice#open}). The
 * application draws into {@link #image()} with Java 2D or by writing pixels, then {@link #flush flushes} the
 * rectangles it changed: only flushed pixels reach the device and its clients, so a frame is never seen half
 * drawn. A canvas is used from one application thread at a time (it is not thread-safe); flushing never blocks on
 * the network: a client that reads slowly gets the newest pixels of merged frames.
 */
@ProviderType
public interface DisplayCanvas extends AutoCloseable {

    /** The device drawn on. */
    QxlDevice device();

    int width();

    int height();

    /** The back buffer, {@link BufferedImage#TYPE_INT_RGB}, the size of the primary surface. */
    BufferedImage image();

    /** A new Graphics2D on {@link #image()}; dispose it when done. */
    Graphics2D graphics();

    /**
     * Sends the pixels of a rectangle of the back buffer to the device (clipped to the surface; an empty
     * intersection does nothing).
     *
     * @throws IllegalStateException when the canvas is closed or the device stopped
     */
    void flush(int x, int y, int width, int height);

    /** {@link #flush(int, int, int, int)} for a rectangle. */
    default void flush(Rectangle r) {
        flush(r.x, r.y, r.width, r.height);
    }

    /** Sends the whole back buffer. */
    default void flushAll() {
        flush(0, 0, width(), height());
    }

    /** Sets the pointer shape and position and shows it. */
    void setCursor(CursorShape shape, int x, int y);

    /** Moves the pointer (and shows it). */
    void moveCursor(int x, int y);

    /** Hides the pointer. */
    void hideCursor();

    /** Whether this canvas still holds its device. */
    boolean isOpen();

    /** Releases the device for another application; what was flushed stays on the display. Idempotent. */
    @Override
    void close();
}
