package io.saffron.qxl.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.WorkerLoop;
import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.EventLoop;
import io.saffron.dispatcher.EventLoops;
import io.saffron.qxl.QxlCommand;
import io.saffron.qxl.QxlCommandListener;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.Surface;

/**
 * One display device and its worker (spice-server's {@code RedWorker}). Device threads queue commands and post a
 * coalesced wakeup; the worker loop drains the queue in batches bounded in time (about 10 ms, as spice-server's
 * ring poller), so that the loop's sockets and messages stay responsive, and hands each command to the listeners.
 */
final class QxlWorker implements QxlDevice {

    private static final Logger LOG = LoggerFactory.getLogger(QxlWorker.class);

    /** Longest a drain batch may run before the worker yields to its other work. */
    static final long BATCH_NANOS = 10_000_000L;

    private final WorkerLoop worker;
    private final Surface primary;
    private final Queue<QxlCommand> commands = new ConcurrentLinkedQueue<>();
    // The pending bit of the coalesced wakeup: set by submitters, cleared by the worker's handler.
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    // Worker loop only.
    private final List<QxlCommandListener> listeners = new ArrayList<>();
    // Written on the worker loop only; read anywhere as a snapshot.
    private volatile boolean running;
    private volatile long processed;

    QxlWorker(WorkerLoop worker, int width, int height) {
        this.worker = worker;
        this.primary = new Surface(0, width, height, Surface.FORMAT_32_XRGB);
        Dispatcher d = worker.dispatcher();
        d.register(QxlMessages.Start.class, true, m -> onStart());
        d.register(QxlMessages.Stop.class, true, m -> onStop());
        d.register(QxlMessages.Wakeup.class, false, m -> onWakeup());
    }

    /** Starts the worker and waits for it. Framework thread. */
    void start(Duration timeout) {
        EventLoops.await(worker.dispatcher().call(new QxlMessages.Start()), timeout, "start of display " + id(),
                worker.loop());
    }

    /** Drains and stops the worker, waiting with a bound, then closes its loop. Framework thread. */
    void stop(Duration timeout) {
        try {
            EventLoops.await(worker.dispatcher().call(new QxlMessages.Stop()), timeout, "stop of display " + id(),
                    worker.loop());
        } finally {
            worker.close(timeout);
        }
    }

    private void onStart() {
        assert worker.loop().inEventLoop();
        running = true;
        LOG.info("display {} started on {}: primary surface {}x{} format {}", id(), worker.loop().name(),
                primary.width(), primary.height(), primary.format());
    }

    private void onStop() {
        assert worker.loop().inEventLoop();
        drain(Long.MAX_VALUE);
        running = false;
        commands.clear();
        LOG.info("display {} stopped after {} command(s)", id(), processed);
    }

    private void onWakeup() {
        assert worker.loop().inEventLoop();
        wakeupPending.set(false);
        if (!running) {
            return;
        }
        if (!drain(BATCH_NANOS)) {
            wake(); // more queued than one batch: come back after the loop's other work
        }
    }

    /** Hands queued commands to the listeners until the queue is empty or the budget is spent. Worker loop. */
    private boolean drain(long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        QxlCommand c;
        while ((c = commands.poll()) != null) {
            for (QxlCommandListener l : List.copyOf(listeners)) {
                try {
                    l.onCommand(this, c);
                } catch (RuntimeException e) {
                    LOG.error("listener {} failed on {} (display {})", l, c, id(), e);
                }
            }
            processed++;
            if (budgetNanos != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                return commands.isEmpty();
            }
        }
        return true;
    }

    private void wake() {
        if (wakeupPending.compareAndSet(false, true)) {
            worker.dispatcher().post(new QxlMessages.Wakeup());
        }
    }

    @Override
    public void submit(QxlCommand command) {
        if (!running) {
            throw new IllegalStateException("display " + id() + " is not running; " + command + " refused");
        }
        commands.offer(command);
        wake();
    }

    @Override
    public void addListener(QxlCommandListener listener) {
        worker.loop().checkInEventLoop("addListener on display " + id());
        listeners.add(listener);
    }

    @Override
    public void removeListener(QxlCommandListener listener) {
        worker.loop().checkInEventLoop("removeListener on display " + id());
        listeners.remove(listener);
    }

    @Override
    public int id() {
        return worker.displayId();
    }

    @Override
    public Surface primarySurface() {
        return primary;
    }

    @Override
    public EventLoop workerLoop() {
        return worker.loop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public long commandsProcessed() {
        return processed;
    }

    @Override
    public String toString() {
        return "display " + id() + " on " + worker.loop().name();
    }
}
