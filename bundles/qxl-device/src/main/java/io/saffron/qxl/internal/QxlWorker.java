package io.saffron.qxl.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.WorkerLoop;
import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.DispatcherClosedException;
import io.saffron.dispatcher.EventLoop;
import io.saffron.dispatcher.EventLoops;
import io.saffron.qxl.CursorShape;
import io.saffron.qxl.CursorState;
import io.saffron.qxl.DisplayCanvas;
import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.KeyboardListener;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.PointerListener;
import io.saffron.qxl.QxlCommand;
import io.saffron.qxl.QxlCommandListener;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.Surface;

/**
 * One display device and its worker (spice-server's {@code RedWorker}). Device threads queue commands and post a
 * coalesced wakeup; the worker loop drains the queue in batches bounded in time (about 10 ms, as spice-server's
 * ring poller), so that the loop's sockets and messages stay responsive. Each drained command is first applied
 * to the worker's own state (the framebuffer of the primary surface, the pointer) and then handed to the
 * listeners.
 *
 * <p>Input events travel through the same dispatcher ({@link QxlMessages.KeyInput},
 * {@link QxlMessages.PointerInput}), so the whiteboard listeners see them on the worker loop in the order they
 * were given.
 */
final class QxlWorker implements QxlDevice {

    private static final Logger LOG = LoggerFactory.getLogger(QxlWorker.class);

    /** Longest a drain batch may run before the worker yields to its other work. */
    static final long BATCH_NANOS = 10_000_000L;

    private final WorkerLoop worker;
    private final Surface primary;
    private final InputListeners inputs;
    private final Queue<QxlCommand> commands = new ConcurrentLinkedQueue<>();
    // Commands queued since construction; incremented before the offer (see onSnapshot).
    private final AtomicLong submitted = new AtomicLong();
    // The pending bit of the coalesced wakeup: set by submitters, cleared by the worker's handler.
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    // The application drawing on this device, or null.
    private final AtomicReference<Canvas> canvas = new AtomicReference<>();

    // Worker loop only. Copy-on-write: the drain iterates a stable snapshot per command without copying it (a
    // listener added or removed by a listener takes effect from the next command); changes are rare.
    private final List<QxlCommandListener> listeners = new CopyOnWriteArrayList<>();
    private final int[] framebuffer;
    private CursorState cursor;
    private boolean draining;
    private boolean clipReported;

    // Written on the worker loop only; read anywhere as a snapshot.
    private volatile boolean running;
    private volatile long processed;
    private volatile long inputsDelivered;

    QxlWorker(WorkerLoop worker, int width, int height, InputListeners inputs) {
        this.worker = worker;
        this.primary = new Surface(0, width, height, Surface.FORMAT_32_XRGB);
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.framebuffer = new int[width * height]; // black
        this.cursor = new CursorState(CursorShape.arrow(), width / 2, height / 2, true);
        Dispatcher d = worker.dispatcher();
        d.register(QxlMessages.Start.class, true, m -> onStart());
        d.register(QxlMessages.Stop.class, true, m -> onStop());
        d.register(QxlMessages.Wakeup.class, false, m -> onWakeup());
        d.register(QxlMessages.Snapshot.class, true, this::onSnapshot);
        d.register(QxlMessages.KeyInput.class, false, this::onKey);
        d.register(QxlMessages.PointerInput.class, false, this::onPointer);
    }

    /** Starts the worker and waits for it. Framework thread. */
    void start(Duration timeout) {
        EventLoops.await(worker.dispatcher().call(new QxlMessages.Start()), timeout, "start of display " + id(),
                worker.loop());
    }

    /** Tells the core the device runs, so that display N and cursor N are created. Framework thread; waits. */
    void ready() {
        worker.ready();
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

    // ------------------------------------------------------------------ handlers (worker loop)

    private void onStart() {
        assert worker.loop().inEventLoop();
        running = true;
        LOG.info("display {} started on {}: primary surface {}x{} format {}", id(), worker.loop().name(),
                primary.width(), primary.height(), primary.format());
    }

    private void onStop() {
        assert worker.loop().inEventLoop();
        drain(Long.MAX_VALUE, Long.MAX_VALUE);
        running = false;
        commands.clear();
        LOG.info("display {} stopped after {} command(s) and {} input event(s)", id(), processed, inputsDelivered);
    }

    private void onWakeup() {
        assert worker.loop().inEventLoop();
        wakeupPending.set(false);
        if (!running) {
            return;
        }
        if (!drain(BATCH_NANOS, Long.MAX_VALUE)) {
            wake(); // more queued than one batch: come back after the loop's other work
        }
    }

    /**
     * Drains the commands counted in {@code m.submitted()}, then copies the frame. Not bounded by the batch time:
     * the requester asked for exactly these commands, and later submits are not waited for.
     */
    private void onSnapshot(QxlMessages.Snapshot m) {
        assert worker.loop().inEventLoop();
        if (draining) {
            // Only reachable inline, from a command listener calling snapshot(): draining here would hand later
            // commands to the other listeners before the current one.
            m.result().completeExceptionally(new IllegalStateException("snapshot of display " + id()
                    + " requested by a command listener during a drain (expected: read framebuffer() on the worker)"));
            return;
        }
        if (!running) {
            m.result().completeExceptionally(notRunning("snapshot"));
            return;
        }
        drain(Long.MAX_VALUE, m.submitted());
        m.result().complete(framebuffer.clone());
    }

    private void onKey(QxlMessages.KeyInput m) {
        assert worker.loop().inEventLoop();
        KeyEvent event = m.event();
        if (!running) {
            LOG.debug("display {} is not running; {} dropped", id(), event);
            return;
        }
        deliver(inputs.keyboards(), event, event.displayId(), KeyboardListener::key, "keyboard");
    }

    private void onPointer(QxlMessages.PointerInput m) {
        assert worker.loop().inEventLoop();
        PointerEvent event = m.event();
        if (!running) {
            LOG.debug("display {} is not running; {} dropped", id(), event);
            return;
        }
        // As a guest OS would: the device's pointer follows the client's. A MoveCursor (not a direct change of
        // the state) so that the cursor listeners see it in order with the application's cursor commands.
        if (event.kind() == PointerEvent.Kind.MOVE || event.x() != cursor.x() || event.y() != cursor.y()) {
            enqueue(new QxlCommand.MoveCursor(event.x(), event.y()));
        }
        // Apply it now, so that the pointer listeners find cursor() at the event's position.
        if (!drain(BATCH_NANOS, Long.MAX_VALUE)) {
            wake();
        }
        deliver(inputs.pointers(), event, event.displayId(), PointerListener::pointer, "pointer");
    }

    /**
     * Hands an input event to the listeners registered for its display, in bind order; what one throws is logged
     * and goes no further. Worker loop.
     */
    private <L, E> void deliver(List<InputListeners.Registration<L>> registrations, E event, int displayId,
            BiConsumer<L, E> call, String kind) {
        assert worker.loop().inEventLoop();
        for (InputListeners.Registration<L> r : registrations) {
            if (r.matches(displayId)) {
                try {
                    call.accept(r.listener(), event);
                } catch (RuntimeException e) {
                    LOG.error("{} listener {} failed on {} (display {})", kind, r.listener(), event, id(), e);
                }
            }
        }
        inputsDelivered++;
    }

    // ------------------------------------------------------------------ drain (worker loop)

    /**
     * Applies queued commands and hands them to the listeners until the queue is empty, the budget is spent, or
     * {@link #processed} reaches {@code upTo}. Worker loop.
     *
     * @return whether it stopped for a reason other than the budget
     */
    private boolean drain(long budgetNanos, long upTo) {
        assert worker.loop().inEventLoop();
        assert !draining : "re-entrant drain of display " + id();
        long deadline = System.nanoTime() + budgetNanos;
        draining = true;
        try {
            QxlCommand c;
            while (processed < upTo && (c = commands.poll()) != null) {
                QxlCommand applied = apply(c);
                processed++;
                if (applied != null) {
                    for (QxlCommandListener l : listeners) {
                        try {
                            l.onCommand(this, applied);
                        } catch (RuntimeException e) {
                            LOG.error("listener {} failed on {} (display {})", l, applied, id(), e);
                        }
                    }
                }
                if (budgetNanos != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                    return commands.isEmpty();
                }
            }
            return true;
        } finally {
            draining = false;
        }
    }

    /**
     * Applies a command to the worker's state. Worker loop.
     *
     * @return the command for the listeners (a draw clipped to the surface), or null when nothing of it applies
     */
    private QxlCommand apply(QxlCommand c) {
        assert worker.loop().inEventLoop();
        if (c instanceof QxlCommand.Draw d) {
            return draw(d);
        } else if (c instanceof QxlCommand.SetCursor s) {
            cursor = new CursorState(s.shape(), s.x(), s.y(), s.visible());
        } else if (c instanceof QxlCommand.MoveCursor mv) {
            cursor = new CursorState(cursor.shape(), mv.x(), mv.y(), true);
        } else if (c instanceof QxlCommand.HideCursor) {
            cursor = new CursorState(cursor.shape(), cursor.x(), cursor.y(), false);
        }
        return c;
    }

    /** Copies a draw into the framebuffer, clipped to the surface. Worker loop; never throws for bad bounds. */
    private QxlCommand.Draw draw(QxlCommand.Draw d) {
        assert worker.loop().inEventLoop();
        int width = primary.width();
        int height = primary.height();
        if (d.surfaceId() != primary.id()) {
            reportClip(d, "surface " + d.surfaceId() + " does not exist (expected: " + primary.id() + ")");
            return null;
        }
        // The record guarantees left, top >= 0 and width, height > 0.
        if (d.left() >= width || d.top() >= height) {
            reportClip(d, "it lies outside the " + width + "x" + height + " surface");
            return null;
        }
        int w = Math.min(d.width(), width - d.left());
        int h = Math.min(d.height(), height - d.top());
        int[] src = d.pixels();
        for (int row = 0; row < h; row++) {
            int from = row * d.width();
            int to = (d.top() + row) * width + d.left();
            for (int i = 0; i < w; i++) {
                framebuffer[to + i] = src[from + i] & 0xFFFFFF;
            }
        }
        if (w == d.width() && h == d.height()) {
            return d;
        }
        reportClip(d, "it exceeds the " + width + "x" + height + " surface; clipped to " + w + "x" + h);
        int[] clipped = new int[w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(framebuffer, (d.top() + row) * width + d.left(), clipped, row * w, w);
        }
        return new QxlCommand.Draw(d.surfaceId(), d.left(), d.top(), w, h, clipped);
    }

    /**
     * Logs the first bad draw as a warning and the rest at debug level: a buggy producer must not flood the log.
     * Worker loop.
     */
    private void reportClip(QxlCommand.Draw d, String why) {
        assert worker.loop().inEventLoop();
        if (!clipReported) {
            clipReported = true;
            LOG.warn("display {}: {} from the device: {} (reported once; later ones at debug level)", id(), d, why);
        } else {
            LOG.debug("display {}: {}: {}", id(), d, why);
        }
    }

    // ------------------------------------------------------------------ queue (any thread)

    private void enqueue(QxlCommand command) {
        // Count first: a snapshot that reads the count must find every counted command queued or processed
        // once the commands offered before its read are polled (see onSnapshot).
        submitted.incrementAndGet();
        commands.offer(command);
        wake();
    }

    private void wake() {
        if (wakeupPending.compareAndSet(false, true)) {
            worker.dispatcher().post(new QxlMessages.Wakeup());
        }
    }

    /**
     * The always-on thread check of the worker-only entry points ({@code framebuffer} and {@code cursor} are read
     * for every band and cursor command): the message, "{@code operation} display N", is built only on failure.
     */
    private void checkOnWorker(String operation) {
        EventLoop loop = worker.loop();
        if (!loop.inEventLoop()) {
            loop.checkInEventLoop(operation + " display " + id());
        }
    }

    private IllegalStateException notRunning(String what) {
        return new IllegalStateException("display " + id() + " is not running; " + what + " refused");
    }

    // ------------------------------------------------------------------ QxlDevice

    @Override
    public void submit(QxlCommand command) {
        Objects.requireNonNull(command, "command");
        if (!running) {
            throw notRunning(command.toString());
        }
        enqueue(command);
    }

    @Override
    public void addListener(QxlCommandListener listener) {
        Objects.requireNonNull(listener, "listener");
        checkOnWorker("addListener on");
        listeners.add(listener);
    }

    @Override
    public void removeListener(QxlCommandListener listener) {
        checkOnWorker("removeListener on");
        listeners.remove(listener);
    }

    @Override
    public int[] framebuffer() {
        checkOnWorker("framebuffer of");
        return framebuffer;
    }

    @Override
    public CompletableFuture<int[]> snapshot() {
        CompletableFuture<int[]> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(notRunning("snapshot"));
            return result;
        }
        worker.dispatcher().call(new QxlMessages.Snapshot(result, submitted.get())).whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e); // the dispatcher closed first; no effect once completed
            }
        });
        return result;
    }

    @Override
    public CursorState cursor() {
        checkOnWorker("cursor of");
        return cursor;
    }

    @Override
    public DisplayCanvas open(String owner) {
        Objects.requireNonNull(owner, "owner");
        if (!running) {
            throw notRunning("open by '" + owner + "'");
        }
        Canvas current = canvas.get();
        if (current == null) {
            Canvas c = new Canvas(this, owner, canvas);
            if (canvas.compareAndSet(null, c)) {
                LOG.info("display {} opened by '{}'", id(), owner);
                return c;
            }
            current = canvas.get();
        }
        throw new IllegalStateException("display " + id() + " is already open by '"
                + (current != null ? current.owner() : "another application") + "'; open by '" + owner
                + "' refused (expected: the canvas closed first)");
    }

    @Override
    public void input(KeyEvent event) {
        Objects.requireNonNull(event, "event");
        checkDisplay(event.displayId(), event);
        post(new QxlMessages.KeyInput(event), event);
    }

    @Override
    public void input(PointerEvent event) {
        Objects.requireNonNull(event, "event");
        checkDisplay(event.displayId(), event);
        if (event.x() < 0 || event.y() < 0 || event.x() >= primary.width() || event.y() >= primary.height()) {
            throw new IllegalArgumentException(event + " is outside the " + primary.width() + "x" + primary.height()
                    + " surface of display " + id() + " (expected: clamped to it)");
        }
        post(new QxlMessages.PointerInput(event), event);
    }

    private void checkDisplay(int displayId, Object event) {
        if (displayId != id()) {
            throw new IllegalArgumentException(event + " names display " + displayId + " (expected: " + id() + ")");
        }
    }

    /** Posts an input message; a stopped device drops it (a client's input may race the device's stop). */
    private void post(Object message, Object event) {
        try {
            worker.dispatcher().post(message);
        } catch (DispatcherClosedException e) {
            LOG.debug("display {} is closed; {} dropped", id(), event);
        }
    }

    @Override
    public long inputsDelivered() {
        return inputsDelivered;
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
