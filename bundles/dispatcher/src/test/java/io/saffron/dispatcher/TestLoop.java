package io.saffron.dispatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A real single-threaded {@link EventLoop} for tests, without Netty (the dispatcher bundle must not depend on it):
 * one named thread on a {@link ScheduledThreadPoolExecutor}, bound to this loop with
 * {@link EventLoops#bindCurrentThread} before it runs anything, exactly like the production {@code NettyEventLoop}.
 *
 * <p>A task that throws is recorded in {@link #failures()} and the loop goes on, so a test can assert that nothing
 * escaped the dispatcher (an {@code assert} in a drain, for instance). Any thread may call every method.
 */
public final class TestLoop implements EventLoop, AutoCloseable {

    private final String name;
    private final ScheduledThreadPoolExecutor executor;
    // Written by the executor's thread factory (on whichever thread starts the worker), read by inEventLoop.
    private volatile Thread thread;
    // Filled on the loop thread, read by the test thread.
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

    public TestLoop(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(() -> {
                EventLoops.bindCurrentThread(this);
                runnable.run();
            }, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        // As Netty does on shutdown: queued tasks still run, timers that are not due yet are dropped.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        executor.prestartCoreThread();
    }

    @Override
    public String name() {
        return name;
    }

    /** The loop's thread, for assertions. */
    public Thread thread() {
        return thread;
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable task) {
        // After shutdown the executor's AbortPolicy throws RejectedExecutionException, as the contract asks.
        executor.execute(guard(task));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return executor.schedule(guard(task), delay, unit);
    }

    /**
     * Runs {@code work} on this loop and returns its outcome; a failure completes the future exceptionally (and is
     * not recorded as a loop failure, since the test asked for it).
     */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * Blocks this loop's thread until the returned latch is counted down (at most 10 s), so that a test can queue
     * several messages behind it and know they are all queued before the loop looks at them. Test-only: a real loop
     * never blocks.
     */
    public CountDownLatch pause() {
        CountDownLatch resume = new CountDownLatch(1);
        execute(() -> {
            try {
                if (!resume.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("loop " + name + " paused for more than 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("loop " + name + " interrupted while paused", e);
            }
        });
        return resume;
    }

    private Runnable guard(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                failures.add(t);
            }
        };
    }

    /** Failures thrown by tasks run on this loop, oldest first. */
    public List<Throwable> failures() {
        return new ArrayList<>(failures);
    }

    @Override
    public boolean isShuttingDown() {
        return executor.isShutdown();
    }

    @Override
    public void shutdown() {
        executor.shutdown();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        EventLoops.checkMayBlock("termination of " + name);
        return executor.awaitTermination(timeout, unit);
    }

    /** Shuts the loop down and waits up to 5 s for its thread to end. Test thread only. */
    @Override
    public void close() throws InterruptedException {
        shutdown();
        if (!awaitTermination(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("loop " + name + " did not terminate within 5 s");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
