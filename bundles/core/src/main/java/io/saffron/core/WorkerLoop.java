package io.saffron.core;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.EventLoop;

/**
 * The loop of one display device ({@code spice-worker-N}, spice-server's {@code RedWorker} thread), opened by the
 * device bundle through {@link SpiceServer#openWorker(int)}. Display N and cursor N are created on
 * {@code spice-main} and run here.
 */
@ProviderType
public interface WorkerLoop {

    /** The display id N. */
    int displayId();

    /** The worker's loop. */
    EventLoop loop();

    /**
     * The worker's dispatcher (the QXL dispatcher): the device registers its message kinds on it; the core sends
     * connect and disconnect of display and cursor channel clients through it.
     */
    Dispatcher dispatcher();

    /**
     * The device of this worker runs: the core creates the display's channels (display N, cursor N, from the
     * bound factories) and announces them to connected sessions. Until then a worker has no channels, so that a
     * channel never meets a device that is not there yet. Blocks the caller, with a bound; a framework or device
     * thread only. Idempotent.
     *
     * @throws IllegalStateException when called from a loop thread
     */
    void ready();

    /**
     * Stops the worker: destroys display N and cursor N on {@code spice-main} (disconnecting their clients on this
     * loop first), closes the dispatcher, then ends the thread. Blocks the caller, with a bound; a framework or
     * device thread only. Idempotent.
     *
     * @throws IllegalStateException when called from a loop thread
     * @throws io.saffron.dispatcher.DispatcherTimeoutException when a step does not finish within the timeout
     */
    void close(Duration timeout);
}
