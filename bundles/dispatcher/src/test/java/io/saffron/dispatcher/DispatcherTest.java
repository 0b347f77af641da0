package io.saffron.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dispatcher's delivery rules (threading model §2 and §7) on a real single-threaded loop: FIFO and exactly-once
 * delivery, post vs call, the trampoline on the target loop, registration errors, the post-only rule, failing
 * handlers and the tap. Close is in {@link DispatcherCloseTest}; the drain budget in {@code DefaultDispatcherTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DispatcherTest {

    private static final long WAIT_S = 10;

    record Posted(int sender, int seq) {
    }

    record Called(int sender, int seq) {
    }

    record Outer(int id) {
    }

    record Inner(int id) {
    }

    record Slow() {
    }

    record Boom(String why) {
    }

    record AckBoom(String why) {
    }

    private TestLoop target;
    private Dispatcher dispatcher;
    // Handler-thread violations, counted on whatever thread a handler runs on.
    private final AtomicInteger offLoop = new AtomicInteger();

    @BeforeEach
    void setUp() {
        target = new TestLoop("spice-worker-0");
        dispatcher = Dispatcher.create("qxl-0", target, false);
    }

    @AfterEach
    void tearDown() throws Exception {
        dispatcher.close().get(WAIT_S, TimeUnit.SECONDS);
        target.close();
        assertEquals(List.of(), target.failures(), "tasks that escaped the dispatcher on " + target.name());
        assertEquals(0, offLoop.get(), "handlers that ran off " + target.name());
    }

    private void checkOnTarget() {
        if (!target.inEventLoop()) {
            offLoop.incrementAndGet();
        }
    }

    /** Waits until everything queued so far has run; the future's completion publishes the loop's writes. */
    private void sync() throws Exception {
        dispatcher.callTask("sync", () -> { }).get(WAIT_S, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------------------------------------------------
    // FIFO and exactly-once

    @Test
    void mixedPostAndCallFromFiveSendersAreDeliveredOnceEachInPerSenderOrder() throws Exception {
        int plainSenders = 4;
        int senders = plainSenders + 1; // the last one is another loop
        int perSender = 10_000;
        // received.get(sender) is the sequence of seq numbers the handlers saw for that sender; loop-confined.
        List<List<Integer>> received = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            received.add(new ArrayList<>());
        }
        dispatcher.register(Posted.class, false, m -> {
            checkOnTarget();
            received.get(m.sender()).add(m.seq());
        });
        dispatcher.register(Called.class, true, m -> {
            checkOnTarget();
            received.get(m.sender()).add(m.seq());
        });
        Queue<CompletableFuture<Void>> acks = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> senderFailure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < plainSenders; s++) {
            int sender = s;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    sendAll(sender, perSender, acks);
                } catch (Throwable e) {
                    senderFailure.compareAndSet(null, e);
                }
            }, "device-" + s);
            t.start();
            threads.add(t);
        }
        try (TestLoop otherLoop = new TestLoop("spice-worker-1")) {
            start.countDown();
            CompletableFuture<Void> loopSender = otherLoop.submit(() -> {
                sendAll(senders - 1, perSender, acks);
                return null;
            });
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(WAIT_S));
            }
            loopSender.get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(List.of(), otherLoop.failures());
        }
        assertNull(senderFailure.get());
        int expectedAcks = 0;
        for (int seq = 0; seq < perSender; seq++) {
            expectedAcks += isCall(seq) ? senders : 0;
        }
        assertEquals(expectedAcks, acks.size());
        CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(WAIT_S, TimeUnit.SECONDS);
        sync();

        List<Integer> expected = IntStream.range(0, perSender).boxed().collect(Collectors.toList());
        for (int s = 0; s < senders; s++) {
            // Equal to 0..n-1 means: nothing lost, nothing run twice, one sender's messages never reordered,
            // including a post overtaking a call or the other way round.
            assertEquals(expected, received.get(s), "messages of sender " + s + " as the handlers saw them");
        }
    }

    private static boolean isCall(int seq) {
        return seq % 3 == 1;
    }

    private void sendAll(int sender, int count, Queue<CompletableFuture<Void>> acks) {
        for (int seq = 0; seq < count; seq++) {
            if (isCall(seq)) {
                acks.add(dispatcher.call(new Called(sender, seq)));
            } else {
                dispatcher.post(new Posted(sender, seq));
            }
        }
    }

    @Test
    void messagesSentOneAfterAnotherByDifferentThreadsRunInThatOrder() throws Exception {
        // The senders take turns under a lock, so the order of the sends is known (the ticket order); the queue
        // must keep it across senders and across acknowledged and unacknowledged types.
        int senders = 4;
        int perSender = 5_000;
        List<Integer> tickets = new ArrayList<>(); // loop-confined
        dispatcher.register(Posted.class, false, m -> tickets.add(m.seq()));
        dispatcher.register(Called.class, true, m -> tickets.add(m.seq()));
        ReentrantLock turn = new ReentrantLock();
        int[] nextTicket = {0}; // guarded by turn
        Queue<CompletableFuture<Void>> acks = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perSender; i++) {
                    turn.lock();
                    try {
                        int ticket = nextTicket[0]++;
                        if ((ticket + sender) % 2 == 0) {
                            acks.add(dispatcher.call(new Called(sender, ticket)));
                        } else {
                            dispatcher.post(new Posted(sender, ticket));
                        }
                    } finally {
                        turn.unlock();
                    }
                }
            }, "device-" + s);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(WAIT_S, TimeUnit.SECONDS);
        sync();
        assertEquals(IntStream.range(0, senders * perSender).boxed().collect(Collectors.toList()), tickets);
    }

    @Test
    void aPingPongSenderIsNeverStrandedWhileTheDrainGoesIdle() throws Exception {
        // One sender that spins on each ack sends its next message just as the drain finds the queue empty and
        // goes idle: the narrowest window for a lost wakeup. A message offered there must still run; if it is
        // stranded, nothing else would ever wake the loop for it.
        int[] count = {0}; // loop-confined
        dispatcher.register(Called.class, true, m -> count[0]++);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int sent = 0;
        while (System.nanoTime() < deadline) {
            CompletableFuture<Void> ack = dispatcher.call(new Called(0, sent++));
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
            while (!ack.isDone()) {
                if (System.nanoTime() > giveUp) {
                    throw new AssertionError("message " + (sent - 1) + " stranded in the queue (pending "
                            + dispatcher.pending() + ")");
                }
                Thread.onSpinWait();
            }
        }
        sync();
        assertEquals(sent, count[0]);
    }

    // ---------------------------------------------------------------------------------------------------------
    // post vs call, and the trampoline

    @Test
    void callCompletesOnlyAfterItsHandlerRanOnTheLoop() throws Exception {
        CountDownLatch handlerStarted = new CountDownLatch(1);
        CountDownLatch releaseHandler = new CountDownLatch(1);
        AtomicBoolean handlerFinished = new AtomicBoolean();
        AtomicReference<String> handlerThread = new AtomicReference<>();
        dispatcher.register(Slow.class, true, m -> {
            handlerThread.set(Thread.currentThread().getName());
            handlerStarted.countDown();
            // Test-only: hold the handler so that the test can look at the future while it runs.
            assertTrue(releaseHandler.await(WAIT_S, TimeUnit.SECONDS));
            handlerFinished.set(true);
        });

        CompletableFuture<Void> ack = dispatcher.call(new Slow());
        CompletableFuture<Boolean> finishedAtCompletion = ack.thenApply(v -> handlerFinished.get());
        assertTrue(handlerStarted.await(WAIT_S, TimeUnit.SECONDS));
        assertFalse(ack.isDone(), "the call completed while its handler was still running");
        releaseHandler.countDown();

        ack.get(WAIT_S, TimeUnit.SECONDS);
        assertTrue(finishedAtCompletion.get(WAIT_S, TimeUnit.SECONDS), "the call completed before its handler returned");
        assertEquals("spice-worker-0", handlerThread.get());
    }

    @Test
    void callAndCallTaskFromTheTargetLoopRunInline() throws Exception {
        List<String> events = new ArrayList<>(); // loop-confined
        dispatcher.register(Inner.class, true, m -> {
            checkOnTarget();
            events.add("inner");
        });
        dispatcher.register(Outer.class, false, m -> {
            events.add("outer begins");
            CompletableFuture<Void> call = dispatcher.call(new Inner(1));
            events.add(call.isDone() ? "call done" : "call pending");
            CompletableFuture<Void> task = dispatcher.callTask("inline task", () -> events.add("task"));
            events.add(task.isDone() ? "task done" : "task pending");
            events.add("outer ends");
        });

        dispatcher.post(new Outer(0));
        sync();
        assertEquals(List.of("outer begins", "inner", "call done", "task", "task done", "outer ends"), events);
    }

    @Test
    void postFromTheTargetLoopIsQueuedBehindMessagesAlreadyWaiting() throws Exception {
        List<String> events = new ArrayList<>(); // loop-confined
        CompletableFuture<Void> lastRan = new CompletableFuture<>();
        dispatcher.register(Inner.class, false, m -> events.add("inner " + m.id()));
        dispatcher.register(Outer.class, false, m -> {
            events.add("outer begins");
            dispatcher.post(new Inner(2));
            dispatcher.postTask("posted task", () -> {
                events.add("posted task");
                lastRan.complete(null);
            });
            events.add("outer ends");
        });

        // Both messages are queued before the loop looks at either, so inner 1 is ahead of what outer posts.
        CountDownLatch resume = target.pause();
        dispatcher.post(new Outer(0));
        dispatcher.post(new Inner(1));
        resume.countDown();
        lastRan.get(WAIT_S, TimeUnit.SECONDS); // also publishes events
        assertEquals(List.of("outer begins", "outer ends", "inner 1", "inner 2", "posted task"), events);
    }

    // ---------------------------------------------------------------------------------------------------------
    // registration and argument errors

    @Test
    void registeringATypeTwiceIsAnError() {
        dispatcher.register(Posted.class, false, m -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> dispatcher.register(Posted.class, false, m -> { }));
        assertTrue(e.getMessage().contains("Posted"), e.getMessage());
        // ... also with the other ack flag: the ack belongs to the type, registered once.
        assertThrows(IllegalStateException.class, () -> dispatcher.register(Posted.class, true, m -> { }));
    }

    @Test
    void sendingAnUnregisteredTypeIsAnError() {
        IllegalArgumentException post = assertThrows(IllegalArgumentException.class,
                () -> dispatcher.post(new Posted(0, 0)));
        assertTrue(post.getMessage().contains("not registered"), post.getMessage());
        assertThrows(IllegalArgumentException.class, () -> dispatcher.call(new Called(0, 0)));
        // Messages match by exact class: registering one type does not admit another.
        dispatcher.register(Called.class, true, m -> { });
        assertThrows(IllegalArgumentException.class, () -> dispatcher.call(new Posted(0, 0)));
    }

    @Test
    void theAckFlagBelongsToTheType() {
        dispatcher.register(Posted.class, false, m -> { });
        dispatcher.register(Called.class, true, m -> { });
        IllegalArgumentException postOfAckType = assertThrows(IllegalArgumentException.class,
                () -> dispatcher.post(new Called(0, 0)));
        assertTrue(postOfAckType.getMessage().contains("use call"), postOfAckType.getMessage());
        IllegalArgumentException callOfPostType = assertThrows(IllegalArgumentException.class,
                () -> dispatcher.call(new Posted(0, 0)));
        assertTrue(callOfPostType.getMessage().contains("use post"), callOfPostType.getMessage());
    }

    @Test
    void aPostOnlyDispatcherRejectsAcknowledgedTypes() throws Exception {
        try (TestLoop main = new TestLoop("spice-main")) {
            Dispatcher mainDispatcher = Dispatcher.create("main", main, true);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> mainDispatcher.register(Called.class, true, m -> { }));
            assertTrue(e.getMessage().contains("post-only"), e.getMessage());
            // The failed registration left nothing behind: the type can still be registered without an ack.
            mainDispatcher.register(Called.class, false, m -> { });
            mainDispatcher.close().get(WAIT_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPostOnlyDispatcherRejectsACallFromAnotherLoopNamingBothLoops() throws Exception {
        try (TestLoop main = new TestLoop("spice-main")) {
            Dispatcher mainDispatcher = Dispatcher.create("main", main, true);
            AtomicBoolean ran = new AtomicBoolean();
            // target is spice-worker-0: a worker must never wait on spice-main.
            CompletableFuture<CompletableFuture<Void>> attempt = target.submit(
                    () -> mainDispatcher.callTask("client disconnect", () -> ran.set(true)));
            ExecutionException e = assertThrows(ExecutionException.class, () -> attempt.get(WAIT_S, TimeUnit.SECONDS));
            IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(ise.getMessage().contains("spice-main"), ise.getMessage());
            assertTrue(ise.getMessage().contains("spice-worker-0"), ise.getMessage());
            mainDispatcher.close().get(WAIT_S, TimeUnit.SECONDS);
            assertFalse(ran.get(), "the rejected task ran anyway");
            assertEquals(List.of(), main.failures());
        }
    }

    @Test
    void aPostOnlyDispatcherAcceptsPostsFromLoopsAndCallsFromFrameworkThreadsAndItsOwnLoop() throws Exception {
        try (TestLoop main = new TestLoop("spice-main")) {
            Dispatcher mainDispatcher = Dispatcher.create("main", main, true);
            Queue<String> seen = new ConcurrentLinkedQueue<>();
            mainDispatcher.register(Posted.class, false, m -> seen.add("posted on " + Thread.currentThread().getName()));
            // A worker posts to main: allowed.
            target.submit(() -> {
                mainDispatcher.post(new Posted(0, 0));
                return null;
            }).get(WAIT_S, TimeUnit.SECONDS);
            // A framework thread (this test thread) may call and wait with a timeout.
            mainDispatcher.callTask("scr deactivate", () -> seen.add("task on " + Thread.currentThread().getName()))
                    .get(WAIT_S, TimeUnit.SECONDS);
            // spice-main itself may call its own dispatcher: it runs inline, nobody waits.
            boolean inlineDone = main.submit(() -> mainDispatcher.callTask("inline", () -> seen.add("inline")).isDone())
                    .get(WAIT_S, TimeUnit.SECONDS);
            assertTrue(inlineDone);
            assertEquals(List.of("posted on spice-main", "task on spice-main", "inline"), new ArrayList<>(seen));
            mainDispatcher.close().get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(List.of(), main.failures());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // failures

    @Test
    void aFailingPostedHandlerDoesNotStopTheLoop() throws Exception {
        List<String> events = new ArrayList<>(); // loop-confined
        dispatcher.register(Boom.class, false, m -> {
            events.add("boom " + m.why());
            throw new IllegalStateException(m.why());
        });
        dispatcher.register(Posted.class, false, m -> events.add("posted " + m.seq()));
        dispatcher.post(new Boom("first"));
        dispatcher.post(new Posted(0, 1));
        dispatcher.postTask("failing task", () -> {
            throw new IllegalStateException("task");
        });
        dispatcher.post(new Posted(0, 2));
        sync();
        assertEquals(List.of("boom first", "posted 1", "posted 2"), events);
        // A later wakeup still works: the drain did not die with the handler.
        dispatcher.post(new Posted(0, 3));
        sync();
        assertEquals("posted 3", events.get(events.size() - 1));
    }

    @Test
    void aFailingCallCompletesExceptionallyWithTheHandlersException() throws Exception {
        IllegalStateException failure = new IllegalStateException("surface 0 does not exist");
        dispatcher.register(AckBoom.class, true, m -> {
            throw failure;
        });
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> dispatcher.call(new AckBoom("x")).get(WAIT_S, TimeUnit.SECONDS));
        assertSame(failure, e.getCause());

        UnsupportedOperationException taskFailure = new UnsupportedOperationException("migrate");
        ExecutionException t = assertThrows(ExecutionException.class, () -> dispatcher.callTask("migrate", () -> {
            throw taskFailure;
        }).get(WAIT_S, TimeUnit.SECONDS));
        assertSame(taskFailure, t.getCause());

        // Inline on the loop, the failure also goes to the future instead of the caller's stack.
        CompletableFuture<Void> inline = target.submit(() -> dispatcher.call(new AckBoom("inline")))
                .get(WAIT_S, TimeUnit.SECONDS);
        assertTrue(inline.isCompletedExceptionally());
        sync(); // the loop still runs
    }

    // ---------------------------------------------------------------------------------------------------------
    // tap

    @Test
    void theTapSeesEveryRegisteredMessageInOrderOnTheLoopJustBeforeItsHandler() throws Exception {
        List<String> events = new ArrayList<>(); // loop-confined
        AtomicInteger tapOffLoop = new AtomicInteger();
        dispatcher.register(Posted.class, false, m -> {
            events.add("handle " + m);
            if (m.seq() == 2) {
                dispatcher.call(new Called(0, 3)); // inline: tapped too
            }
        });
        dispatcher.register(Called.class, true, m -> events.add("handle " + m));
        dispatcher.setTap((d, message) -> {
            if (d != dispatcher || !target.inEventLoop()) {
                tapOffLoop.incrementAndGet();
            }
            events.add("tap " + message);
        });

        dispatcher.post(new Posted(0, 0));
        CompletableFuture<Void> ack = dispatcher.call(new Called(0, 1));
        dispatcher.postTask("one-off", () -> events.add("one-off")); // not a registered message: not tapped
        dispatcher.post(new Posted(0, 2));
        ack.get(WAIT_S, TimeUnit.SECONDS);
        sync();
        dispatcher.setTap(null);
        dispatcher.post(new Posted(0, 4));
        sync();

        List<String> expected = new ArrayList<>();
        for (Object m : List.of(new Posted(0, 0), new Called(0, 1))) {
            expected.add("tap " + m);
            expected.add("handle " + m);
        }
        expected.add("one-off");
        expected.add("tap " + new Posted(0, 2));
        expected.add("handle " + new Posted(0, 2));
        expected.add("tap " + new Called(0, 3));
        expected.add("handle " + new Called(0, 3));
        expected.add("handle " + new Posted(0, 4));
        assertEquals(expected, events);
        assertEquals(0, tapOffLoop.get(), "tap calls off the loop or with another dispatcher");
    }
}
