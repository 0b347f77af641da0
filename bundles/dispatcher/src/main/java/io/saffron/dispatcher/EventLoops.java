package io.saffron.dispatcher;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which loop the calling thread belongs to, and the one bounded blocking wait that framework and device threads
 * may use. Any thread.
 */
public final class EventLoops {

    // Set once by each loop's own thread when it starts (bindCurrentThread); read only by that thread.
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

    private EventLoops() {
    }

    /**
     * Declares that the calling thread is the thread of {@code loop}. Loop implementations call this first thing
     * on their own thread.
     *
     * @throws IllegalStateException when the thread was already bound to another loop
     */
    public static void bindCurrentThread(EventLoop loop) {
        Objects.requireNonNull(loop, "loop");
        EventLoop previous = CURRENT.get();
        if (previous != null && previous != loop) {
            throw new IllegalStateException("thread " + Thread.currentThread().getName() + " already runs loop "
                    + previous.name() + " (expected: no loop before binding " + loop.name() + ")");
        }
        CURRENT.set(loop);
    }

    /** The loop whose thread is calling, or {@code null} for a framework, device or test thread. */
    public static EventLoop current() {
        return CURRENT.get();
    }

    /** Whether the calling thread runs an event loop (and so must never block). */
    public static boolean onAnyLoop() {
        return CURRENT.get() != null;
    }

    /**
     * Throws unless the calling thread is allowed to block: no loop thread ever blocks (threading model §1).
     *
     * @param what what the caller would wait for, for the message
     */
    public static void checkMayBlock(String what) {
        EventLoop loop = CURRENT.get();
        if (loop != null) {
            throw new IllegalStateException("blocking wait for " + what + " is not allowed on loop thread "
                    + loop.name() + " (expected: a framework or device thread; chain a continuation instead)");
        }
    }

    /**
     * Waits, with a bound, for work sent to a loop: the only blocking wait in the runtime. Framework threads
     * (SCR callbacks) and device threads use it; loop threads may not.
     *
     * @param future   completes when the work has run on the target loop
     * @param timeout  how long to wait
     * @param what     what is awaited, for the messages ({@code "destroy display:0"})
     * @param target   the loop the work runs on, for the messages
     * @return the future's value
     * @throws DispatcherTimeoutException when the timeout expires; it names the loop, the work and the elapsed time
     * @throws DispatcherClosedException  when the target loop closed before running the work
     * @throws CompletionException        wrapping the failure of the work itself
     * @throws IllegalStateException      when called on a loop thread
     */
    public static <T> T await(CompletableFuture<T> future, Duration timeout, String what, EventLoop target) {
        checkMayBlock(what + " on " + target.name());
        long start = System.nanoTime();
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            throw new DispatcherTimeoutException(target.name(), what, ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for " + what + " on " + target.name(), e);
        } catch (CancellationException e) {
            throw new CompletionException(what + " on " + target.name() + " was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re && (cause instanceof DispatcherClosedException)) {
                throw re;
            }
            throw new CompletionException(what + " failed on " + target.name() + ": " + cause, cause);
        }
    }
}
