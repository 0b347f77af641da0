package io.saffron.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.saffron.dispatcher.ManualEventLoop;

/**
 * The mailbox mechanics of {@link DefaultDispatcher}, made deterministic with a {@link ManualEventLoop}: one wakeup
 * per burst, and a drain that yields to the loop after {@link DefaultDispatcher#DRAIN_BUDGET} messages so that
 * sockets and timers are not starved.
 */
class DefaultDispatcherTest {

    record Tick(int seq) {
    }

    private ManualEventLoop loop;
    private DefaultDispatcher dispatcher;
    // Only touched by tasks that the test thread runs.
    private final List<Integer> handled = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = new ManualEventLoop("spice-worker-0");
        dispatcher = new DefaultDispatcher("qxl-0", loop, false);
        dispatcher.register(Tick.class, false, m -> {
            assertTrue(loop.inEventLoop());
            handled.add(m.seq());
        });
    }

    @AfterEach
    void tearDown() {
        dispatcher.close();
        loop.runPendingTasks();
        assertTrue(dispatcher.close().isDone());
        assertEquals(List.of(), loop.failures());
    }

    @Test
    void aBurstOfMessagesWakesTheLoopOnce() {
        for (int i = 0; i < 100; i++) {
            dispatcher.post(new Tick(i));
        }
        assertEquals(1, loop.executeCount(), "wakeups for a burst of 100 posts");
        assertEquals(100, dispatcher.pending());
        assertEquals(List.of(), handled, "post ran a handler inline");

        assertEquals(1, loop.runPendingTasks());
        assertEquals(100, handled.size());
        assertEquals(0, dispatcher.pending());

        // Idle again: the next message needs (and gets) a new wakeup.
        dispatcher.post(new Tick(100));
        assertEquals(2, loop.executeCount());
        loop.runPendingTasks();
        assertEquals(101, handled.size());
    }

    @Test
    void theDrainYieldsToOtherLoopTasksAfterItsBudget() {
        int budget = DefaultDispatcher.DRAIN_BUDGET;
        int total = 3 * budget + 5;
        for (int i = 0; i < total; i++) {
            dispatcher.post(new Tick(i));
        }
        // A socket event or a timer that becomes ready while the dispatcher has a long backlog.
        int[] handledWhenOtherTaskRan = {-1};
        loop.execute(() -> handledWhenOtherTaskRan[0] = handled.size());

        assertTrue(loop.runOneTask()); // the first drain
        assertEquals(budget, handled.size(), "one drain must stop at the budget");
        assertTrue(loop.runOneTask()); // the other task, queued behind the first drain
        assertEquals(budget, handledWhenOtherTaskRan[0], "the other task waited for the whole backlog");

        loop.runPendingTasks();
        assertEquals(total, handled.size());
        for (int i = 0; i < total; i++) {
            assertEquals(i, handled.get(i));
        }
        // 1 initial wakeup + the other task + one re-wakeup after each of the three full budgets.
        assertEquals(5, loop.executeCount());
    }

    @Test
    void aCallFromInsideTheLoopRunsInlineWithoutAWakeup() {
        dispatcher.register(String.class, true, s -> handled.add(-1));
        CompletableFuture<?>[] inline = new CompletableFuture<?>[1];
        dispatcher.postTask("caller", () -> inline[0] = dispatcher.call("inline"));
        assertEquals(1, loop.executeCount());
        loop.runPendingTasks();
        assertTrue(inline[0].isDone());
        assertEquals(List.of(-1), handled);
        assertEquals(1, loop.executeCount(), "the inline call queued something");
    }

    @Test
    void aCloseQueuedBehindABacklogWaitsForIt() {
        for (int i = 0; i < 10; i++) {
            dispatcher.post(new Tick(i));
        }
        CompletableFuture<Void> closing = dispatcher.close();
        assertFalse(closing.isDone(), "close completed before the loop processed it");
        loop.runPendingTasks();
        assertTrue(closing.isDone());
        assertEquals(10, handled.size());
    }
}
