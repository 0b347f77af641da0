package io.saffron.dispatcher.internal;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.dispatcher.DispatchTap;
import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.DispatcherClosedException;
import io.saffron.dispatcher.EventLoop;
import io.saffron.dispatcher.EventLoops;
import io.saffron.dispatcher.MessageHandler;

/**
 * The dispatcher as a mailbox: a lock-free multi-producer queue, drained on the target loop by one task that is
 * scheduled only when the queue goes from idle to busy. A burst of messages therefore costs one wakeup of the
 * loop, not one per message (spice-server writes each message into a socket pair instead).
 *
 * <p>Close protocol: the {@code Close} is an envelope in the queue. When the drain reaches it, {@code terminated}
 * is set and everything behind it fails. A sender that enqueues concurrently re-reads {@code terminated} after its
 * offer, so either the drain sees its envelope or the sender sees the flag and fails the queue itself: no envelope
 * is left behind, and none runs on a thread other than the loop.
 */
public final class DefaultDispatcher implements Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultDispatcher.class);

    /** Messages run per drain before the loop gets back to its sockets and timers. */
    static final int DRAIN_BUDGET = 1024;

    private record Kind(Class<?> type, MessageHandler<Object> handler, boolean needsAck) {
    }

    /** One queued message; {@code kind == null} for a one-off task or the Close. */
    private static final class Envelope {
        Object message;
        final Kind kind;
        Runnable task;
        final String description;
        final CompletableFuture<Void> ack;
        final boolean close;

        Envelope(Object message, Kind kind, Runnable task, String description, CompletableFuture<Void> ack,
                boolean close) {
            this.message = message;
            this.kind = kind;
            this.task = task;
            this.description = description;
            this.ack = ack;
            this.close = close;
        }

        String describe() {
            return kind != null ? kind.type.getSimpleName() : description;
        }

        /** Drops what the envelope refers to, so a failed message releases its payload. */
        void release() {
            message = null;
            task = null;
        }
    }

    private final String name;
    private final EventLoop loop;
    private final boolean postOnly;
    // Registered from any thread (usually before first use); read on every send.
    private final ConcurrentHashMap<Class<?>, Kind> kinds = new ConcurrentHashMap<>();
    private final Queue<Envelope> queue = new ConcurrentLinkedQueue<>();
    // True while a drain task is queued or running on the loop: the only wakeup signal.
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    // Set on the loop when the Close is processed (or by whoever finds the loop gone); read by senders.
    private volatile boolean terminated;
    private volatile DispatchTap tap;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Runnable drainTask = this::drain;

    public DefaultDispatcher(String name, EventLoop loop, boolean postOnly) {
        this.name = Objects.requireNonNull(name, "name");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.postOnly = postOnly;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void register(Class<T> type, boolean needsAck, MessageHandler<? super T> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (needsAck && postOnly) {
            throw new IllegalArgumentException("message type " + type.getSimpleName() + " needs an ack, but dispatcher "
                    + name + " is post-only (nothing may wait on " + loop.name() + ")");
        }
        if (closeRequested.get()) {
            throw new IllegalStateException("dispatcher " + name + " is closed; cannot register " + type.getSimpleName());
        }
        Kind kind = new Kind(type, (MessageHandler<Object>) handler, needsAck);
        if (kinds.putIfAbsent(type, kind) != null) {
            throw new IllegalStateException("message type " + type.getSimpleName() + " is already registered on dispatcher "
                    + name);
        }
    }

    private Kind kindOf(Object message, boolean expectAck) {
        Objects.requireNonNull(message, "message");
        Kind kind = kinds.get(message.getClass());
        if (kind == null) {
            throw new IllegalArgumentException("message type " + message.getClass().getName()
                    + " is not registered on dispatcher " + name);
        }
        if (kind.needsAck != expectAck) {
            throw new IllegalArgumentException("message type " + kind.type.getSimpleName() + " is registered "
                    + (kind.needsAck ? "with" : "without") + " an ack on dispatcher " + name + " (use "
                    + (kind.needsAck ? "call" : "post") + ")");
        }
        return kind;
    }

    @Override
    public void post(Object message) {
        Kind kind = kindOf(message, false);
        checkOpen(kind.type.getSimpleName());
        enqueue(new Envelope(message, kind, null, null, null, false));
    }

    @Override
    public CompletableFuture<Void> call(Object message) {
        Kind kind = kindOf(message, true);
        return send(new Envelope(message, kind, null, null, new CompletableFuture<>(), false));
    }

    @Override
    public void postTask(String description, Runnable task) {
        Objects.requireNonNull(task, "task");
        checkOpen(description);
        enqueue(new Envelope(null, null, task, description, null, false));
    }

    @Override
    public CompletableFuture<Void> callTask(String description, Runnable task) {
        Objects.requireNonNull(task, "task");
        return send(new Envelope(null, null, task, description, new CompletableFuture<>(), false));
    }

    private CompletableFuture<Void> send(Envelope e) {
        if (postOnly && EventLoops.onAnyLoop() && !loop.inEventLoop()) {
            throw new IllegalStateException("call of " + e.describe() + " on post-only dispatcher " + name + " from loop "
                    + EventLoops.current().name() + " (expected: post; no loop waits on " + loop.name() + ")");
        }
        if (closeRequested.get()) {
            e.release();
            e.ack.completeExceptionally(closedError(e));
            return e.ack;
        }
        if (loop.inEventLoop()) {
            // Trampoline: the caller already runs on the target loop, so the handler runs now.
            run(e);
        } else {
            enqueue(e);
        }
        return e.ack;
    }

    private void checkOpen(String what) {
        if (closeRequested.get()) {
            throw closedError(what);
        }
    }

    private DispatcherClosedException closedError(Envelope e) {
        return closedError(e.describe());
    }

    private DispatcherClosedException closedError(String what) {
        return new DispatcherClosedException("dispatcher " + name + " on " + loop.name() + " is closed; " + what
                + " was not run");
    }

    private void enqueue(Envelope e) {
        queue.offer(e);
        if (terminated) {
            failRemaining();
            return;
        }
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            wake();
        }
    }

    private void wake() {
        try {
            loop.execute(drainTask);
        } catch (RejectedExecutionException ex) {
            // The loop is gone: nothing will ever drain this queue, so fail it here rather than leave waiters hanging.
            terminated = true;
            failRemaining();
            closed.complete(null);
        }
    }

    /** Runs queued envelopes on the loop, up to a budget. Loop thread only. */
    private void drain() {
        assert loop.inEventLoop() : "drain of dispatcher " + name + " off its loop " + loop.name();
        for (int budget = DRAIN_BUDGET; budget > 0; budget--) {
            Envelope e = queue.poll();
            if (e == null) {
                scheduled.set(false);
                // A sender may have offered after our poll and seen scheduled == true: look once more.
                if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            run(e);
            if (terminated) {
                failRemaining();
                return;
            }
        }
        wake(); // budget used up: let the loop serve its sockets and timers, then continue
    }

    /** Runs one envelope. Loop thread only. */
    private void run(Envelope e) {
        if (e.close) {
            terminated = true;
            LOG.debug("dispatcher {} on {} closed", name, loop.name());
            e.ack.complete(null);
            closed.complete(null);
            return;
        }
        if (terminated) {
            e.release();
            if (e.ack != null) {
                e.ack.completeExceptionally(closedError(e));
            }
            return;
        }
        try {
            if (e.kind != null) {
                DispatchTap t = tap;
                if (t != null) {
                    t.onMessage(this, e.message);
                }
                e.kind.handler.handle(e.message);
            } else {
                e.task.run();
            }
            if (e.ack != null) {
                e.ack.complete(null);
            }
        } catch (Throwable t) {
            if (e.ack != null) {
                LOG.debug("{} failed on {} (dispatcher {}); the sender is told", e.describe(), loop.name(), name, t);
                e.ack.completeExceptionally(t);
            } else {
                LOG.error("{} failed on {} (dispatcher {}); the loop goes on", e.describe(), loop.name(), name, t);
            }
            if (t instanceof Error err && !(t instanceof AssertionError)) {
                throw err;
            }
        } finally {
            e.release();
        }
    }

    /** Fails everything still queued; any thread (only reached once {@code terminated} is set). */
    private void failRemaining() {
        Envelope e;
        while ((e = queue.poll()) != null) {
            if (e.close) {
                e.ack.complete(null);
                continue;
            }
            e.release();
            if (e.ack != null) {
                e.ack.completeExceptionally(closedError(e));
            } else {
                LOG.debug("dropped {} sent to closed dispatcher {}", e.describe(), name);
            }
        }
    }

    @Override
    public void setTap(DispatchTap tap) {
        this.tap = tap;
    }

    @Override
    public CompletableFuture<Void> close() {
        if (closeRequested.compareAndSet(false, true)) {
            Envelope close = new Envelope(null, null, null, "Close", new CompletableFuture<>(), true);
            enqueue(close);
        }
        return closed;
    }

    @Override
    public boolean isClosed() {
        return closeRequested.get();
    }

    @Override
    public int pending() {
        return queue.size();
    }

    @Override
    public String toString() {
        return "Dispatcher[" + name + " -> " + loop.name() + "]";
    }
}
