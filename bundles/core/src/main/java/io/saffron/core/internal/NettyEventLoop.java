package io.saffron.core.internal;

import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.saffron.dispatcher.EventLoop;
import io.saffron.dispatcher.EventLoops;

/**
 * An {@link EventLoop} on one Netty NIO event loop with one named thread ({@code spice-main},
 * {@code spice-worker-N}). Using Netty's loop as ours means sockets, timers and dispatcher messages share one
 * thread, as in spice-server, and a linked socket can be moved to the loop that owns its channel.
 *
 * <p>Any thread may call every method.
 */
public final class NettyEventLoop implements EventLoop {

    private static final Logger LOG = LoggerFactory.getLogger(NettyEventLoop.class);

    private final String name;
    private final MultiThreadIoEventLoopGroup group;
    private final IoEventLoop netty;

    public NettyEventLoop(String name) {
        this.name = Objects.requireNonNull(name, "name");
        ThreadFactory threads = runnable -> {
            Thread t = new Thread(() -> {
                EventLoops.bindCurrentThread(this);
                runnable.run();
            }, name);
            // Daemon so that a bug elsewhere can never keep a stopped JVM alive; every loop is shut down explicitly.
            t.setDaemon(true);
            return t;
        };
        this.group = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
        this.netty = (IoEventLoop) group.next();
    }

    /** The Netty loop underneath, for registering sockets. Core-internal. */
    public IoEventLoop netty() {
        return netty;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean inEventLoop() {
        return netty.inEventLoop();
    }

    @Override
    public void execute(Runnable task) {
        netty.execute(guard(task));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return netty.schedule(guard(task), delay, unit);
    }

    /** A failed task is logged with the task and the loop, and the loop goes on (Felix SCR's afterExecute). */
    private Runnable guard(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("task {} failed on {}; the loop goes on", task, name, t);
            }
        };
    }

    @Override
    public boolean isShuttingDown() {
        return group.isShuttingDown();
    }

    @Override
    public void shutdown() {
        // Quiet period 0: run what is queued, then stop; nothing new is accepted from now on.
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        EventLoops.checkMayBlock("termination of " + name);
        return group.awaitTermination(timeout, unit);
    }

    @Override
    public String toString() {
        return name;
    }
}
