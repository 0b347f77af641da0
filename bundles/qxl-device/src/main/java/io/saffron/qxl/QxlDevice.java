package io.saffron.qxl;

import org.osgi.annotation.versioning.ProviderType;

import java.util.concurrent.CompletableFuture;

import io.saffron.dispatcher.EventLoop;

/**
 * One display device (one QXL instance) and its worker ({@code spice-worker-N}, spice-server's {@code RedWorker}).
 * Device threads hand it commands; its worker loop drains them and passes them to the listeners.
 */
@ProviderType
public interface QxlDevice {

    /** The display id N. Any thread. */
    int id();

    /** The primary surface. Any thread. */
    Surface primarySurface();

    /** The worker loop that drains this device's commands and runs display N and cursor N. Any thread. */
    EventLoop workerLoop();

    /** Whether the worker is started and not stopped. Any thread. */
    boolean isRunning();

    /**
     * Queues a command and wakes the worker (a burst of submits costs one wakeup message). Any thread.
     *
     * @throws IllegalStateException when the worker is stopped
     */
    void submit(QxlCommand command);

    /** Adds a listener for the commands. Worker thread of this device only. */
    void addListener(QxlCommandListener listener);

    /** Removes a listener. Worker thread of this device only. */
    void removeListener(QxlCommandListener listener);

    /** Commands drained so far. Any thread (a snapshot). */
    long commandsProcessed();

    /**
     * The worker's copy of the primary surface: {@code width * height} pixels 0x00RRGGBB, row-major, top row
     * first, with every drained {@link QxlCommand.Draw} applied. This is the frame clients are sent. Worker loop
     * only, read only: the array is live and changes with the next drained draw.
     */
    int[] framebuffer();

    /**
     * A copy of the frame, taken on the worker after every command submitted before this call was applied. Any
     * thread; completes exceptionally when the worker is stopped.
     */
    CompletableFuture<int[]> snapshot();

    /** The pointer as the worker knows it. Worker loop only. */
    CursorState cursor();

    /**
     * Opens the device for drawing: one application at a time draws on a device (the demo does, by default).
     * Any thread.
     *
     * @param owner a name for logs and for the error another opener gets
     * @throws IllegalStateException naming the current owner when the device is already open, or when the
     *                               worker is stopped
     */
    DisplayCanvas open(String owner);

    /**
     * Delivers a key event to the {@link KeyboardListener}s of this display: posted through the worker's
     * dispatcher, so events from one thread arrive in the order given. Any thread.
     */
    void input(KeyEvent event);

    /**
     * Delivers a pointer event to the {@link PointerListener}s of this display, in order, and moves the
     * device's pointer to the event's position. Any thread.
     */
    void input(PointerEvent event);

    /**
     * Input events delivered to listeners so far: every event the running worker handed to the listeners
     * registered at the time, whether or not one of them was for this display. Any thread (a snapshot).
     */
    long inputsDelivered();
}
