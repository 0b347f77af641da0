package io.saffron.core.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.WorkerLoop;
import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.EventLoops;

/**
 * The loop and dispatcher of display N ({@code spice-worker-N}). Created by {@link DefaultSpiceServer#openWorker};
 * closed by the device bundle. Ownership of display N and cursor N stays with this loop from their creation on
 * {@code spice-main} to their destruction there.
 */
final class Worker implements WorkerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final DefaultSpiceServer server;
    private final int displayId;
    private final NettyEventLoop loop;
    private final Dispatcher dispatcher;
    private final AtomicBoolean closed = new AtomicBoolean();

    Worker(DefaultSpiceServer server, int displayId) {
        this.server = server;
        this.displayId = displayId;
        this.loop = new NettyEventLoop("spice-worker-" + displayId);
        this.dispatcher = Dispatcher.create("worker-" + displayId, loop, false);
    }

    @Override
    public int displayId() {
        return displayId;
    }

    @Override
    public NettyEventLoop loop() {
        return loop;
    }

    @Override
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    // spice-main: whether the device runs and the worker's channels may exist.
    private boolean ready;

    boolean isReady() {
        return ready;
    }

    void markReady() {
        ready = true;
    }

    @Override
    public void ready() {
        EventLoops.checkMayBlock("ready() of display " + displayId);
        server.workerReady(this);
    }

    @Override
    public void close(Duration timeout) {
        EventLoops.checkMayBlock("close of " + loop.name());
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.awaitOnMain("close worker " + displayId, timeout, () -> server.detachWorker(this));
        } catch (RejectedExecutionException e) {
            LOG.debug("spice-main is gone; {} closes without detaching", loop.name());
        } finally {
            stopLoop();
        }
    }

    /** Closes the dispatcher (messages before the Close run), then ends the thread. Framework thread. */
    void stopLoop() {
        CompletableFuture<Void> drained = dispatcher.close();
        loop.shutdown();
        try {
            if (!loop.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{} did not end within 5 s", loop.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drained.isDone()) {
            LOG.warn("dispatcher of {} still had messages at stop", loop.name());
        }
        LOG.info("worker {} closed", loop.name());
    }

    @Override
    public String toString() {
        return loop.name();
    }
}
