package io.saffron.dispatcher;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One single-threaded, event-driven loop: the thread that owns a set of channels, their channel clients and
 * their sockets ({@code spice-main}, or {@code spice-worker-N} for display N). It is the Java counterpart of
 * spice-server's {@code SpiceCoreInterface} (watches and timers) bound to one thread.
 *
 * <p>State confined to a loop is plain fields; code reaching it from elsewhere hops with {@link #execute}.
 * Public entry points check their thread with {@link #checkInEventLoop(String)} (always on); internal paths use
 * {@code assert loop.inEventLoop()}.
 *
 * <p>Any thread may call every method of this interface.
 */
@ProviderType
public interface EventLoop extends Executor {

    /** The loop's name, which is also the name of its thread: {@code spice-main}, {@code spice-worker-0}, ... */
    String name();

    /** Whether the calling thread is this loop's thread. */
    boolean inEventLoop();

    /**
     * Throws unless the calling thread is this loop's thread.
     *
     * @param operation what the caller is doing, for the message ({@code "destroyChannel"})
     * @throws IllegalStateException {@code "destroyChannel must run on spice-main, called from spice-worker-0"}
     */
    default void checkInEventLoop(String operation) {
        if (!inEventLoop()) {
            throw new IllegalStateException(operation + " must run on " + name() + ", called from "
                    + Thread.currentThread().getName());
        }
    }

    /**
     * Queues a task to run on this loop, after the tasks queued before it. Never runs it inline.
     *
     * @throws RejectedExecutionException when the loop is shutting down or stopped
     */
    @Override
    void execute(Runnable task);

    /**
     * Runs a task on this loop after a delay; the loop's own timer, as a channel must use its own loop's timers.
     *
     * @throws RejectedExecutionException when the loop is shutting down or stopped
     */
    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit);

    /** Whether {@link #shutdown()} was called; from then on no new task is accepted. */
    boolean isShuttingDown();

    /**
     * Stops accepting tasks, runs those already queued, then ends the thread. Returns at once; use
     * {@link #awaitTermination(long, TimeUnit)} to wait (never from a loop thread).
     */
    void shutdown();

    /**
     * Waits until the loop's thread has ended.
     *
     * @return whether it ended within the timeout
     * @throws IllegalStateException when called from any loop thread (a loop never blocks)
     */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException;
}
