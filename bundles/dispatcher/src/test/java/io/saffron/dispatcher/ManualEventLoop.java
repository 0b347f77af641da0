package io.saffron.dispatcher;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EventLoop} with no thread of its own: the test thread runs its tasks by hand
 * ({@link #runOneTask()}, {@link #runPendingTasks()}) and moves its clock by hand ({@link #advanceTimeBy}), as in
 * Netty's {@code EmbeddedEventLoop}. While the test thread runs a task, {@link #inEventLoop()} is true.
 *
 * <p>It deliberately does not call {@link EventLoops#bindCurrentThread}: that binding lasts for the thread's
 * lifetime, and the test thread is shared by every test in the JVM. So {@link EventLoops#current()} stays
 * {@code null} inside its tasks. Tasks may be queued from any thread; only the test thread runs them.
 */
public final class ManualEventLoop implements EventLoop {

    private final String name;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    // Timers; test thread only.
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final AtomicInteger executeCount = new AtomicInteger();
    private final List<Throwable> failures = new ArrayList<>();
    // The thread inside runOneTask, or null; volatile because inEventLoop may be asked from any thread.
    private volatile Thread runner;
    private volatile boolean shuttingDown;
    // The manual clock in nanoseconds; test thread only.
    private long now;
    private long timerSequence;

    public ManualEventLoop(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == runner;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (shuttingDown) {
            throw new RejectedExecutionException("loop " + name + " is shut down; rejected " + task);
        }
        executeCount.incrementAndGet();
        tasks.add(task);
    }

    /** How many tasks {@link #execute} accepted so far: the number of times the loop was woken. */
    public int executeCount() {
        return executeCount.get();
    }

    /** Tasks queued and not yet run (due timers not included until {@link #advanceTimeBy} moves them). */
    public int queuedTasks() {
        return tasks.size();
    }

    /**
     * Runs the oldest queued task on the calling (test) thread. Test thread only.
     *
     * @return false when no task was queued
     */
    public boolean runOneTask() {
        Runnable task = tasks.poll();
        if (task == null) {
            return false;
        }
        runner = Thread.currentThread();
        try {
            task.run();
        } catch (Throwable t) {
            failures.add(t);
        } finally {
            runner = null;
        }
        return true;
    }

    /**
     * Runs queued tasks, including those they queue, until none is left. Test thread only.
     *
     * @return how many ran
     */
    public int runPendingTasks() {
        int ran = 0;
        while (runOneTask()) {
            ran++;
        }
        return ran;
    }

    /** Moves the clock forward and queues the timers that became due, in deadline order. Test thread only. */
    public void advanceTimeBy(long amount, TimeUnit unit) {
        now += unit.toNanos(amount);
        Timer t;
        while ((t = timers.peek()) != null && t.deadline <= now) {
            timers.poll();
            if (!t.isCancelled()) {
                tasks.add(t);
            }
        }
    }

    /** Failures thrown by tasks run on this loop, oldest first. Test thread only. */
    public List<Throwable> failures() {
        return new ArrayList<>(failures);
    }

    /** Timers are test-thread only here (no dispatcher uses them); the clock starts at 0 and moves by hand. */
    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        if (shuttingDown) {
            throw new RejectedExecutionException("loop " + name + " is shut down; rejected " + task);
        }
        Timer t = new Timer(task, now + unit.toNanos(Math.max(0, delay)), timerSequence++);
        timers.add(t);
        return t;
    }

    @Override
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Rejects new tasks and drops the timers; queued tasks stay until the test runs them. */
    @Override
    public void shutdown() {
        shuttingDown = true;
        for (Iterator<Timer> it = timers.iterator(); it.hasNext(); ) {
            it.next().cancel(false);
            it.remove();
        }
    }

    /** Terminated once shut down and no task is queued; never waits (nothing else can run the tasks). */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        EventLoops.checkMayBlock("termination of " + name);
        return shuttingDown && tasks.isEmpty();
    }

    @Override
    public String toString() {
        return name;
    }

    private final class Timer extends FutureTask<Void> implements ScheduledFuture<Void> {
        final long deadline;
        final long sequence;

        Timer(Runnable task, long deadline, long sequence) {
            super(task, null);
            this.deadline = deadline;
            this.sequence = sequence;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(deadline - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Timer o = (Timer) other;
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }

        @Override
        protected void done() {
            // FutureTask keeps a task's failure in the future; surface it like a failed loop task.
            if (!isCancelled()) {
                try {
                    get();
                } catch (Exception e) {
                    failures.add(e.getCause() != null ? e.getCause() : e);
                }
            }
        }
    }
}
