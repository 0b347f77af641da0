package io.saffron.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The thread checks of {@link EventLoop} and the bounded wait of {@link EventLoops} (threading model §1): the
 * messages name the loop, the work and the thread; a loop thread never blocks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventLoopsTest {

    private static final long WAIT_S = 10;

    private TestLoop main;
    private TestLoop worker;

    @BeforeEach
    void setUp() {
        main = new TestLoop("spice-main");
        worker = new TestLoop("spice-worker-0");
    }

    @AfterEach
    void tearDown() throws Exception {
        main.close();
        worker.close();
        assertEquals(List.of(), main.failures());
        assertEquals(List.of(), worker.failures());
    }

    @Test
    void checkInEventLoopNamesTheOperationTheLoopAndTheCallingThread() throws Exception {
        IllegalStateException fromTest = assertThrows(IllegalStateException.class, () -> main.checkInEventLoop("op"));
        assertEquals("op must run on spice-main, called from " + Thread.currentThread().getName(),
                fromTest.getMessage());

        CompletableFuture<Void> fromWorker = worker.submit(() -> {
            main.checkInEventLoop("destroyChannel");
            return null;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> fromWorker.get(WAIT_S, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("destroyChannel must run on spice-main, called from spice-worker-0", e.getCause().getMessage());

        // On its own loop the check passes.
        main.submit(() -> {
            main.checkInEventLoop("destroyChannel");
            return null;
        }).get(WAIT_S, TimeUnit.SECONDS);
    }

    @Test
    void eachLoopThreadKnowsItsLoopAndOtherThreadsKnowNone() throws Exception {
        assertNull(EventLoops.current());
        assertSame(main, main.submit(EventLoops::current).get(WAIT_S, TimeUnit.SECONDS));
        assertSame(worker, worker.submit(EventLoops::current).get(WAIT_S, TimeUnit.SECONDS));
        assertTrue(main.submit(() -> main.inEventLoop() && !worker.inEventLoop()).get(WAIT_S, TimeUnit.SECONDS));
    }

    @Test
    void aLoopThreadCannotBeBoundToASecondLoop() {
        CompletableFuture<Void> rebind = worker.submit(() -> {
            EventLoops.bindCurrentThread(main);
            return null;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> rebind.get(WAIT_S, TimeUnit.SECONDS));
        IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(ise.getMessage().contains("spice-worker-0") && ise.getMessage().contains("spice-main"),
                ise.getMessage());
    }

    @Test
    void awaitTimesOutNamingTheLoopTheWorkAndTheElapsedTime() {
        CompletableFuture<Void> never = new CompletableFuture<>();
        long start = System.nanoTime();
        DispatcherTimeoutException e = assertThrows(DispatcherTimeoutException.class,
                () -> EventLoops.await(never, Duration.ofMillis(150), "destroy display:0", main));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals("spice-main", e.loop());
        assertTrue(e.elapsedMillis() >= 150, "elapsed " + e.elapsedMillis() + " ms (expected: at least the timeout)");
        assertTrue(e.elapsedMillis() <= waitedMs, "elapsed " + e.elapsedMillis() + " ms, but the test waited "
                + waitedMs + " ms");
        assertEquals("destroy display:0 did not complete on spice-main within " + e.elapsedMillis() + " ms",
                e.getMessage());
    }

    @Test
    void awaitIsRefusedOnALoopThread() throws Exception {
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> attempt = worker.submit(
                () -> EventLoops.await(done, Duration.ofSeconds(1), "flush surfaces", main));
        ExecutionException e = assertThrows(ExecutionException.class, () -> attempt.get(WAIT_S, TimeUnit.SECONDS));
        IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(ise.getMessage().contains("spice-worker-0"), ise.getMessage());
        assertTrue(ise.getMessage().contains("flush surfaces"), ise.getMessage());

        // ... even on the target loop itself (it would wait for itself).
        CompletableFuture<Void> onTarget = main.submit(
                () -> EventLoops.await(done, Duration.ofSeconds(1), "flush surfaces", main));
        ExecutionException self = assertThrows(ExecutionException.class, () -> onTarget.get(WAIT_S, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, self.getCause());

        // And loops may not wait for each other's termination.
        CompletableFuture<Boolean> join = worker.submit(() -> main.awaitTermination(1, TimeUnit.SECONDS));
        ExecutionException joinFailure = assertThrows(ExecutionException.class,
                () -> join.get(WAIT_S, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, joinFailure.getCause());
    }

    @Test
    void awaitReturnsTheResultOrReportsTheFailure() {
        assertEquals("ok", EventLoops.await(main.submit(() -> "ok"), Duration.ofSeconds(WAIT_S), "answer", main));

        IllegalArgumentException failure = new IllegalArgumentException("no such surface");
        CompletionException e = assertThrows(CompletionException.class,
                () -> EventLoops.await(CompletableFuture.failedFuture(failure), Duration.ofSeconds(1),
                        "destroy surface 3", main));
        assertSame(failure, e.getCause());
        assertTrue(e.getMessage().contains("destroy surface 3") && e.getMessage().contains("spice-main"),
                e.getMessage());

        // A closed dispatcher is reported as itself, not wrapped.
        DispatcherClosedException closed = new DispatcherClosedException("dispatcher main is closed");
        assertSame(closed, assertThrows(DispatcherClosedException.class,
                () -> EventLoops.await(CompletableFuture.failedFuture(closed), Duration.ofSeconds(1), "x", main)));
    }

    @Test
    void awaitOfADispatcherCallWaitsForTheHandler() {
        Dispatcher d = Dispatcher.create("main", main, true);
        String result = EventLoops.await(d.callTask("deactivate", () -> { }).thenApply(v -> "done"),
                Duration.ofSeconds(WAIT_S), "deactivate", main);
        assertEquals("done", result);
        d.close();
    }
}
