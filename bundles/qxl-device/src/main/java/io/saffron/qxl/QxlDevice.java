package io.saffron.qxl;

import org.osgi.annotation.versioning.ProviderType;

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
}
