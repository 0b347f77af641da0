package io.saffron.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.saffron.core.internal.NettyEventLoop;
import io.saffron.dispatcher.Dispatcher;

/**
 * The cost of a dispatcher message on the production loops (threading model §7), each figure next to a plain-JDK
 * baseline measured in the same run, so that the results read as ratios rather than machine-dependent numbers.
 *
 * <ul>
 * <li><b>Asynchronous throughput</b> ({@link #post}): a sender loop {@code spice-worker-0} posts a batch of
 * {@value #BATCH} small records to the main dispatcher of {@code spice-main} (post-only, as in production), and the
 * benchmark waits until the handler has counted them all. Reported per message. Baseline ({@link #postBaseline}):
 * the same batch through a {@link LinkedBlockingQueue} (unbounded, like the dispatcher's mailbox) from one plain
 * thread to another.</li>
 * <li><b>Synchronous round trip</b> ({@link #call}, {@link #callTask}): the JMH thread stands for a device thread
 * (loops may not block, so the caller cannot be a loop). It calls the QXL-style dispatcher of
 * {@code spice-worker-0} and waits with {@code join()}; the median is what counts. Baseline
 * ({@link #callBaseline}): spice-server's socket-pair dispatcher reduced to its syscalls, a pair of
 * {@link Pipe}s between two threads carrying a 16-byte header one way and a 4-byte ack back.</li>
 * </ul>
 *
 * <p>The round-trip target is {@code spice-worker-0} rather than {@code spice-main}: a synchronous call is the
 * device-to-worker path, and nothing may wait on {@code spice-main}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DispatcherBenchmark {

    /** Messages per invocation of the throughput benchmarks. */
    public static final int BATCH = 100_000;

    private static final long TEARDOWN_S = 5;

    /** The small record a post carries: the size of a channel event or a device wakeup. */
    public record Tick(int seq) {
    }

    /** The acknowledged message of the round trip. */
    public record Ping(int seq) {
    }

    // -------------------------------------------------------------------------------------------------------------
    // asynchronous throughput

    /** Two production loops: the sender {@code spice-worker-0} and the target {@code spice-main}. */
    @State(Scope.Benchmark)
    public static class PostState {
        NettyEventLoop sender;
        NettyEventLoop target;
        Dispatcher dispatcher;
        Runnable sendBatch;
        // Handler state: spice-main only.
        int received;
        // Written by the JMH thread before it starts a batch (the sender's execute publishes it), completed on
        // spice-main when the batch's last message has been handled.
        volatile CompletableFuture<Void> batch;

        @Setup(Level.Trial)
        public void setUp() {
            sender = new NettyEventLoop("spice-worker-0");
            target = new NettyEventLoop("spice-main");
            dispatcher = Dispatcher.create("main", target, true);
            dispatcher.register(Tick.class, false, this::onTick);
            sendBatch = () -> {
                for (int i = 0; i < BATCH; i++) {
                    dispatcher.post(new Tick(i));
                }
            };
        }

        private void onTick(Tick tick) {
            if (++received == BATCH) {
                received = 0;
                batch.complete(null);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            dispatcher.close().get(TEARDOWN_S, TimeUnit.SECONDS);
            sender.shutdown();
            target.shutdown();
            sender.awaitTermination(TEARDOWN_S, TimeUnit.SECONDS);
            target.awaitTermination(TEARDOWN_S, TimeUnit.SECONDS);
        }
    }

    /** A batch of posts from one loop to another, until the last one has been handled; scored per message. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void post(PostState s) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        s.batch = done;
        s.sender.execute(s.sendBatch);
        done.join();
    }

    /** Baseline: one plain producer thread, one plain consumer thread, a {@link LinkedBlockingQueue} between them. */
    @State(Scope.Benchmark)
    public static class QueueState {
        private static final Object STOP = new Object();

        LinkedBlockingQueue<Object> queue;
        ExecutorService producer;
        Thread consumer;
        Runnable sendBatch;
        // Written by the JMH thread before it starts a batch; completed by the consumer.
        volatile CompletableFuture<Void> batch;

        @Setup(Level.Trial)
        public void setUp() {
            queue = new LinkedBlockingQueue<>();
            producer = Executors.newSingleThreadExecutor(r -> daemon(r, "baseline-producer"));
            consumer = daemon(this::consume, "baseline-consumer");
            consumer.start();
            sendBatch = () -> {
                for (int i = 0; i < BATCH; i++) {
                    queue.add(new Tick(i));
                }
            };
        }

        private void consume() {
            int received = 0;
            try {
                while (queue.take() != STOP) {
                    if (++received == BATCH) {
                        received = 0;
                        batch.complete(null);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            queue.add(STOP);
            consumer.join(TimeUnit.SECONDS.toMillis(TEARDOWN_S));
            producer.shutdown();
            producer.awaitTermination(TEARDOWN_S, TimeUnit.SECONDS);
        }
    }

    /** Baseline for {@link #post}: the same batch through a blocking queue between two plain threads. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void postBaseline(QueueState s) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        s.batch = done;
        s.producer.execute(s.sendBatch);
        done.join();
    }

    // -------------------------------------------------------------------------------------------------------------
    // synchronous round trip

    /** The production worker loop {@code spice-worker-0} with an acknowledging (QXL-style) dispatcher. */
    @State(Scope.Benchmark)
    public static class CallState {
        NettyEventLoop target;
        Dispatcher dispatcher;
        final Ping ping = new Ping(0);
        final Runnable noop = () -> { };
        // Handler state: spice-worker-0 only; it gives the handler something to do that cannot be optimized away.
        long handled;

        @Setup(Level.Trial)
        public void setUp() {
            target = new NettyEventLoop("spice-worker-0");
            dispatcher = Dispatcher.create("qxl-0", target, false);
            dispatcher.register(Ping.class, true, p -> handled += p.seq() + 1);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            dispatcher.close().get(TEARDOWN_S, TimeUnit.SECONDS);
            target.shutdown();
            target.awaitTermination(TEARDOWN_S, TimeUnit.SECONDS);
        }
    }

    /** One registered acknowledged message from a device thread, waited for. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void call(CallState s) {
        s.dispatcher.call(s.ping).join();
    }

    /** One acknowledged one-off task ("custom" message) from a device thread, waited for. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void callTask(CallState s) {
        s.dispatcher.callTask("ping", s.noop).join();
    }

    /**
     * Baseline: spice-server's socket-pair dispatcher reduced to its transport. The sender writes a 16-byte header
     * (type, size, ack flag, padding) into one pipe; the receiving thread reads it and writes a 4-byte ack into the
     * other pipe, which the sender reads.
     */
    @State(Scope.Benchmark)
    public static class PipeState {
        Pipe requests;
        Pipe acks;
        Thread receiver;
        // JMH thread only.
        final ByteBuffer header = ByteBuffer.allocateDirect(16);
        final ByteBuffer ack = ByteBuffer.allocateDirect(4);

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            requests = Pipe.open();
            acks = Pipe.open();
            header.putInt(0, 1).putInt(4, 8).putInt(8, 1).putInt(12, 0); // type 1, 8-byte payload, ack wanted
            receiver = daemon(this::receive, "baseline-dispatcher");
            receiver.start();
        }

        private void receive() {
            ByteBuffer in = ByteBuffer.allocateDirect(16);
            ByteBuffer out = ByteBuffer.allocateDirect(4);
            try {
                while (true) {
                    in.clear();
                    readFully(requests.source(), in);
                    out.clear();
                    out.putInt(0, in.getInt(0)); // "handled"
                    writeFully(acks.sink(), out);
                }
            } catch (EOFException | ClosedChannelException e) { // includes AsynchronousCloseException
                // tearDown closed the pipes: done
            } catch (IOException e) {
                throw new IllegalStateException("baseline receiver failed", e);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            requests.sink().close();
            receiver.join(TimeUnit.SECONDS.toMillis(TEARDOWN_S));
            requests.source().close();
            acks.sink().close();
            acks.source().close();
        }
    }

    /** Baseline for {@link #call}: header out, ack back, over a pair of pipes. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int callBaseline(PipeState s) throws IOException {
        s.header.clear();
        writeFully(s.requests.sink(), s.header);
        s.ack.clear();
        readFully(s.acks.source(), s.ack);
        return s.ack.getInt(0);
    }

    /** Baseline threads are daemons, like the loops' threads, so that a failed teardown cannot keep a fork alive. */
    static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    static void readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("pipe closed");
            }
        }
    }

    static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
