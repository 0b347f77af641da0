package io.saffron.qxl.internal;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.saffron.core.WorkerLoop;
import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.EventLoop;
import io.saffron.dispatcher.EventLoops;

/**
 * A worker loop for unit tests, without the core's Netty loops: one named thread ({@code spice-worker-N}) on a
 * single-thread executor, bound with {@link EventLoops#bindCurrentThread} like the production loop, and a real
 * dispatcher feeding it. A task that throws is recorded in {@link #failures()}. Any thread.
 */
final class TestWorkerLoop implements WorkerLoop {

    private final int displayId;
    private final Loop loop;
    private final Dispatcher dispatcher;

    TestWorkerLoop(int displayId) {
        this.displayId = displayId;
        this.loop = new Loop("spice-worker-" + displayId);
        this.dispatcher = Dispatcher.create("qxl-" + displayId, loop, false);
    }

    @Override
    public int displayId() {
        return displayId;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Runs work on the loop and returns its outcome. */
    <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** Runs work on the loop and waits up to 5 s for it. Test thread only. */
    <T> T on(Callable<T> work) throws Exception {
        return submit(work).get(5, TimeUnit.SECONDS);
    }

    /** Blocks the loop until the latch is counted down (at most 10 s), so a test can queue work behind it. */
    CountDownLatch pause() {
        CountDownLatch resume = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                if (!resume.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(loop.name() + " paused for more than 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return resume;
    }

    /** Failures thrown by tasks on the loop, oldest first. */
    List<Throwable> failures() {
        return List.copyOf(loop.failures);
    }

    /** Times the core was told the device runs. */
    volatile int readyCalls;

    @Override
    public void ready() {
        readyCalls++;
    }

    @Override
    public void close(Duration timeout) {
        EventLoops.checkMayBlock("close of " + loop.name());
        try {
            dispatcher.close().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            loop.shutdown();
            if (!loop.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(loop.name() + " did not end within " + timeout);
            }
        } catch (Exception e) {
            throw new IllegalStateException("close of " + loop.name() + " failed: " + e, e);
        }
    }

    /** The loop: one named daemon thread. */
    private static final class Loop implements EventLoop {
        private final String name;
        private final ScheduledThreadPoolExecutor executor;
        private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private volatile Thread thread;

        Loop(String name) {
            this.name = name;
            this.executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(() -> {
                    EventLoops.bindCurrentThread(this);
                    r.run();
                }, name);
                t.setDaemon(true);
                thread = t;
                return t;
            });
            executor.prestartCoreThread();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean inEventLoop() {
            return Thread.currentThread() == thread;
        }

        @Override
        public void execute(Runnable task) {
            executor.execute(guard(task));
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            return executor.schedule(guard(task), delay, unit);
        }

        private Runnable guard(Runnable task) {
            return () -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    failures.add(t);
                }
            };
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

        @Override
        public String toString() {
            return name;
        }
    }
}
