package io.saffron.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelFactory.Placement;
import io.saffron.core.ChannelId;
import io.saffron.core.ChannelType;
import io.saffron.core.WorkerLoop;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.LinkMessage;
import io.saffron.core.protocol.SpiceLinkException;
import io.saffron.dispatcher.EventLoop;

/**
 * The rules of threading model §4 and §5 on a server without a listener: channels are created and destroyed on
 * spice-main, channel clients run on their channel's loop, a session ends in the documented order, and a connect
 * racing a disconnect never leaves a channel client behind. Every test fails when its rule is broken.
 */
class LifecycleTest {

    private final Queue<String> log = new ConcurrentLinkedQueue<>();
    private DefaultSpiceServer server;
    private RecordingFactory main;
    private RecordingFactory inputs;
    private RecordingFactory display;
    private RecordingFactory cursor;
    private WorkerLoop worker0;

    @BeforeEach
    void start() {
        server = new DefaultSpiceServer(ServerSettings.loopback(0));
        main = new RecordingFactory(ChannelType.MAIN, Placement.SERVER, log);
        inputs = new RecordingFactory(ChannelType.INPUTS, Placement.SERVER, log);
        display = new RecordingFactory(ChannelType.DISPLAY, Placement.DISPLAY, log);
        cursor = new RecordingFactory(ChannelType.CURSOR, Placement.DISPLAY, log);
        server.addFactory(main);
        server.addFactory(inputs);
        server.addFactory(display);
        server.addFactory(cursor);
        worker0 = server.openWorker(0);
        worker0.ready();
    }

    @AfterEach
    void stop() {
        worker0.close(Duration.ofSeconds(3));
        server.stop(Duration.ofSeconds(3));
    }

    // ------------------------------------------------------------------ helpers

    private <T> T onMain(Callable<T> work) throws Exception {
        return onLoop(server.mainLoop(), work);
    }

    private static <T> T onLoop(EventLoop loop, Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    private DefaultSpiceServer.Link accept(ChannelType type, int id, int connectionId) throws Exception {
        LinkMessage m = new LinkMessage(connectionId, type.code(), id, Capabilities.ofWords(0x09),
                Capabilities.ofWords());
        return onMain(() -> server.acceptLink(m, "test"));
    }

    private DefaultChannelClient connect(DefaultSpiceServer.Link link, FakeConnection conn) throws Exception {
        return server.postConnect(link, conn, cc -> { }).get(5, TimeUnit.SECONDS);
    }

    /** A session with main, inputs, display:0 and cursor:0 connected. */
    private final class Session {
        final List<FakeConnection> connections = new ArrayList<>();
        final DefaultChannelClient mainCc;
        final DefaultChannelClient inputsCc;
        final DefaultChannelClient displayCc;
        final DefaultChannelClient cursorCc;

        Session() throws Exception {
            mainCc = connect(accept(ChannelType.MAIN, 0, 0), conn());
            int sid = mainCc.client().sessionId();
            inputsCc = connect(accept(ChannelType.INPUTS, 0, sid), conn());
            displayCc = connect(accept(ChannelType.DISPLAY, 0, sid), conn());
            cursorCc = connect(accept(ChannelType.CURSOR, 0, sid), conn());
        }

        private FakeConnection conn() {
            FakeConnection c = new FakeConnection();
            connections.add(c);
            return c;
        }

        DefaultClient client() {
            return mainCc.client();
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private List<String> events(String prefix) {
        return log.stream().filter(e -> e.startsWith(prefix)).collect(Collectors.toList());
    }

    // ------------------------------------------------------------------ item 3: channels

    @Test
    void channelsAreCreatedOnMainAndRunOnTheirOwnerLoops() throws Exception {
        assertEquals(Set.of("create main:0 on spice-main", "create inputs:0 on spice-main",
                "create display:0 on spice-main", "create cursor:0 on spice-main"), Set.copyOf(events("create")));
        Set<String> owners = onMain(() -> server.channels().stream().map(c -> c.id() + "@" + c.loop().name())
                .collect(Collectors.toSet()));
        assertEquals(Set.of("main:0@spice-main", "inputs:0@spice-main", "display:0@spice-worker-0",
                "cursor:0@spice-worker-0"), owners);

        new Session();
        assertTrue(log.contains("connected main:0 on spice-main"), log::toString);
        assertTrue(log.contains("connected inputs:0 on spice-main"), log::toString);
        assertTrue(log.contains("connected display:0 on spice-worker-0"), log::toString);
        assertTrue(log.contains("connected cursor:0 on spice-worker-0"), log::toString);
    }

    @Test
    void createAndDestroyOffMainThrowNamingTheOperationAndBothThreads() throws Exception {
        String me = Thread.currentThread().getName();
        ChannelId d0 = new ChannelId(ChannelType.DISPLAY, 0);
        IllegalStateException create = assertThrows(IllegalStateException.class, () -> server.createChannel(d0));
        assertEquals("createChannel(display:0) must run on spice-main, called from " + me, create.getMessage());
        IllegalStateException destroy = assertThrows(IllegalStateException.class, () -> server.destroyChannel(d0));
        assertEquals("destroyChannel(display:0) must run on spice-main, called from " + me, destroy.getMessage());

        // From the worker loop too: owning display:0 does not allow destroying it.
        Throwable fromWorker = onLoop(worker0.loop(), () -> {
            try {
                server.destroyChannel(d0);
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertNotNull(fromWorker, "destroyChannel on spice-worker-0 must throw");
        assertEquals("destroyChannel(display:0) must run on spice-main, called from spice-worker-0",
                fromWorker.getMessage());
        // Nothing was destroyed by the refused calls.
        assertTrue(onMain(() -> server.channels().stream().anyMatch(c -> c.id().equals(d0))));
    }

    @Test
    void channelClientCallsOffTheOwnerLoopThrow() throws Exception {
        Session s = new Session();
        IllegalStateException e = assertThrows(IllegalStateException.class, s.displayCc::disconnect);
        assertTrue(e.getMessage().startsWith("disconnect of display:0 of client "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" must run on spice-worker-0, called from "
                + Thread.currentThread().getName()), e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.displayCc.send(101, ByteBuffer.allocate(0)));
        Channel d0 = s.displayCc.channel();
        Throwable onMainLoop = onMain(() -> {
            try {
                d0.clients();
                return null;
            } catch (IllegalStateException ex) {
                return ex;
            }
        });
        assertNotNull(onMainLoop);
        assertTrue(onMainLoop.getMessage().contains("spice-worker-0"), onMainLoop.getMessage());
        assertEquals(ChannelClient.State.CONNECTED, s.displayCc.state());
    }

    // ------------------------------------------------------------------ item 4: destruction order

    @Test
    void mainDisconnectEndsTheSessionInOrderAndReleasesMainLast() throws Exception {
        Session s = new Session();
        DefaultClient client = s.client();
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        java.util.function.Consumer<ChannelClient> probe = cc -> seen.add(cc.channel().id() + " main="
                + (cc.client().mainChannelClient() != null) + " finished=" + cc.client().isFinished());
        inputs.onDisconnected = probe;
        display.onDisconnected = probe;
        cursor.onDisconnected = probe;

        server.mainLoop().execute(s.mainCc::disconnect);
        await("session end", client::isFinished);

        // Every secondary channel client was disconnected while the main channel client was still held.
        assertEquals(Set.of("inputs:0 main=true finished=false", "display:0 main=true finished=false",
                "cursor:0 main=true finished=false"), Set.copyOf(seen));
        assertTrue(log.contains("disconnected display:0 on spice-worker-0"), log::toString);
        assertTrue(log.contains("disconnected cursor:0 on spice-worker-0"), log::toString);
        assertTrue(log.contains("disconnected inputs:0 on spice-main"), log::toString);
        // Step 5: the main channel client is released last and the session leaves the registry.
        assertNull(client.mainChannelClient());
        assertTrue(client.channelClients().isEmpty());
        assertTrue(onMain(() -> server.clients().isEmpty()));
        for (FakeConnection c : s.connections) {
            assertFalse(c.isOpen(), "connection " + c.id() + " still open");
        }
        assertEquals(0, onLoop(worker0.loop(), () -> s.displayCc.channel().clients().size()));
        assertEquals(0, onMain(() -> s.inputsCc.channel().clients().size()));
    }

    @Test
    void clientDestructionIsAlwaysAHopEvenFromMain() throws Exception {
        Session s = new Session();
        // Inside one spice-main task: the main channel client's disconnect returns before the session is touched.
        boolean disconnectingInline = onMain(() -> {
            s.mainCc.disconnect();
            return s.client().isDisconnecting();
        });
        assertFalse(disconnectingInline, "the client must not start disconnecting inside the disconnect call");
        await("session end", s.client()::isFinished);
    }

    @Test
    void secondaryDisconnectKeepsTheSessionAndAllowsARelink() throws Exception {
        Session s = new Session();
        onLoop(worker0.loop(), () -> {
            s.displayCc.disconnect();
            return null;
        });
        assertEquals(ChannelClient.State.DISCONNECTED, s.displayCc.state());
        assertEquals(ChannelClient.State.CONNECTED, s.mainCc.state());
        assertFalse(s.client().isDisconnecting());
        assertFalse(s.client().channelClients().contains(s.displayCc));
        DefaultChannelClient again = connect(accept(ChannelType.DISPLAY, 0, s.client().sessionId()),
                new FakeConnection());
        assertNotNull(again);
        assertEquals(ChannelClient.State.CONNECTED, again.state());
    }

    @Test
    void duplicateLinkIsRefusedAndTheLiveOneKept() throws Exception {
        Session s = new Session();
        SpiceLinkException dup = assertThrows(SpiceLinkException.class,
                () -> unwrap(() -> accept(ChannelType.DISPLAY, 0, s.client().sessionId())));
        assertEquals(LinkError.CHANNEL_NOT_AVAILABLE, dup.error());
        assertEquals(ChannelClient.State.CONNECTED, s.displayCc.state());
    }

    @Test
    void reservedLinkBlocksADuplicateBeforeItsConnectArrives() throws Exception {
        DefaultChannelClient mainCc = connect(accept(ChannelType.MAIN, 0, 0), new FakeConnection());
        int sid = mainCc.client().sessionId();
        DefaultSpiceServer.Link first = accept(ChannelType.DISPLAY, 0, sid);
        SpiceLinkException dup = assertThrows(SpiceLinkException.class,
                () -> unwrap(() -> accept(ChannelType.DISPLAY, 0, sid)));
        assertEquals(LinkError.CHANNEL_NOT_AVAILABLE, dup.error());
        assertNotNull(connect(first, new FakeConnection()));
    }

    @Test
    void unknownSessionAndUnknownChannelAreRefused() throws Exception {
        SpiceLinkException bad = assertThrows(SpiceLinkException.class,
                () -> unwrap(() -> accept(ChannelType.DISPLAY, 0, 12345)));
        assertEquals(LinkError.BAD_CONNECTION_ID, bad.error());
        DefaultChannelClient mainCc = connect(accept(ChannelType.MAIN, 0, 0), new FakeConnection());
        SpiceLinkException none = assertThrows(SpiceLinkException.class,
                () -> unwrap(() -> accept(ChannelType.DISPLAY, 7, mainCc.client().sessionId())));
        assertEquals(LinkError.CHANNEL_NOT_AVAILABLE, none.error());
    }

    @Test
    void connectArrivingAfterTheSessionStartedDisconnectingIsRefused() throws Exception {
        DefaultChannelClient mainCc = connect(accept(ChannelType.MAIN, 0, 0), new FakeConnection());
        DefaultClient client = mainCc.client();
        DefaultSpiceServer.Link link = accept(ChannelType.DISPLAY, 0, client.sessionId());

        CountDownLatch hold = new CountDownLatch(1);
        worker0.loop().execute(() -> {
            try {
                hold.await(5, TimeUnit.SECONDS); // keep the connect queued behind this task
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        FakeConnection conn = new FakeConnection();
        CompletableFuture<DefaultChannelClient> connected = server.postConnect(link, conn, cc -> { });
        server.mainLoop().execute(mainCc::disconnect);
        await("disconnecting", client::isDisconnecting);
        hold.countDown();

        assertNull(connected.get(5, TimeUnit.SECONDS), "the connect must be refused");
        assertFalse(conn.isOpen());
        await("session end", client::isFinished);
        assertEquals(0, onLoop(worker0.loop(), () -> link.channel().clients().size()));
        assertFalse(log.stream().anyMatch(e -> e.startsWith("connected display:0")), log::toString);
    }

    @Test
    void connectsRacingDisconnectsLeaveNoChannelClientBehind() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 150; i++) {
            DefaultChannelClient mainCc = connect(accept(ChannelType.MAIN, 0, 0), new FakeConnection());
            DefaultClient client = mainCc.client();
            List<FakeConnection> conns = new ArrayList<>();
            List<CompletableFuture<DefaultChannelClient>> connects = new ArrayList<>();
            for (ChannelType t : List.of(ChannelType.DISPLAY, ChannelType.CURSOR, ChannelType.INPUTS)) {
                DefaultSpiceServer.Link link;
                try {
                    link = unwrap(() -> accept(t, 0, client.sessionId()));
                } catch (SpiceLinkException e) {
                    // The session is already ending: refusing its new links is the rule, not a failure.
                    assertTrue(e.error() == LinkError.BAD_CONNECTION_ID, e::toString);
                    continue;
                }
                FakeConnection c = new FakeConnection();
                conns.add(c);
                if (random.nextBoolean()) {
                    server.mainLoop().execute(mainCc::disconnect);
                }
                connects.add(server.postConnect(link, c, cc -> { }));
            }
            server.mainLoop().execute(mainCc::disconnect);
            await("session " + i + " end", client::isFinished);
            for (CompletableFuture<DefaultChannelClient> f : connects) {
                f.get(5, TimeUnit.SECONDS);
            }
            // Whatever won each race, nothing of this session is left on any loop.
            assertEquals(0, onLoop(worker0.loop(), () -> countClients(ChannelType.DISPLAY)
                    + countClients(ChannelType.CURSOR)), "iteration " + i);
            assertEquals(0, onMain(() -> countClients(ChannelType.INPUTS) + countClients(ChannelType.MAIN)),
                    "iteration " + i);
            for (FakeConnection c : conns) {
                assertFalse(c.isOpen(), "iteration " + i + ": connection left open");
            }
            assertTrue(client.channelClients().isEmpty());
        }
        assertTrue(onMain(() -> server.clients().isEmpty()));
    }

    private int countClients(ChannelType type) throws Exception {
        Channel ch = onMainOrHere(type);
        return ch.clients().size();
    }

    private Channel onMainOrHere(ChannelType type) throws Exception {
        // channels() is main-only: read the channel object once on main, then use it on its own loop.
        if (server.mainLoop().inEventLoop()) {
            return server.channels().stream().filter(c -> c.id().type() == type).findFirst().orElseThrow();
        }
        return channelCache.computeIfAbsent(type, t -> {
            try {
                return onMain(() -> server.channels().stream().filter(c -> c.id().type() == t).findFirst()
                        .orElseThrow());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private final java.util.Map<ChannelType, Channel> channelCache = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void disconnectWaitsForTheLoopThenAbandonsWithoutBlockingMain() throws Exception {
        // Fill the channel cache before the worker is blocked.
        onMainOrHere(ChannelType.DISPLAY);
        Session s = new Session();
        CountDownLatch hold = new CountDownLatch(1);
        worker0.loop().execute(() -> {
            try {
                hold.await(10, TimeUnit.SECONDS); // a worker stuck longer than the 2 s disconnect timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            server.mainLoop().execute(s.mainCc::disconnect);
            await("disconnecting", s.client()::isDisconnecting);
            // spice-main keeps serving while it waits for the worker (it chains, it does not block).
            assertEquals("alive", onMain(() -> "alive"));
            // No point-in-time check of isFinished here: under load the 2 s timeout may pass before this thread
            // runs again. The order is pinned instead: the session can only have finished through the abandon
            // path, because the display loop is still held.
            await("session end after the timeout", s.client()::isFinished);
            assertTrue(s.displayCc.isAbandoned(), "the session must have waited for its display client, then"
                    + " abandoned it");
            assertEquals(1, hold.getCount(), "the display loop must still be held when the session ends");
            assertFalse(s.displayCc.connection().isOpen(), "the core must close the abandoned socket");
        } finally {
            hold.countDown();
        }
    }

    @Test
    void protocolErrorClosesOnlyThatConnection() throws Exception {
        Session s = new Session();
        onLoop(worker0.loop(), () -> {
            s.displayCc.received(7, ByteBuffer.allocate(0)); // 7 is no common message
            return null;
        });
        assertEquals(ChannelClient.State.DISCONNECTED, s.displayCc.state());
        assertFalse(s.displayCc.connection().isOpen());
        assertEquals(ChannelClient.State.CONNECTED, s.mainCc.state());
        assertEquals(ChannelClient.State.CONNECTED, s.cursorCc.state());
        assertFalse(s.client().isDisconnecting());

        onMain(() -> {
            s.inputsCc.received(250, ByteBuffer.allocate(3)); // the handler rejects unknown channel messages
            return null;
        });
        assertEquals(ChannelClient.State.DISCONNECTED, s.inputsCc.state());
        assertEquals(ChannelClient.State.CONNECTED, s.mainCc.state());
    }

    // ------------------------------------------------------------------ SCR-facing paths

    @Test
    void factoryUnbindDestroysItsChannelsOnMainBeforeReturning() throws Exception {
        Session s = new Session();
        Channel before = s.displayCc.channel();
        server.removeFactory(display); // a framework thread: posts to spice-main and waits
        assertTrue(before.isDestroyed(), "unbind must return only after the channel is destroyed");
        assertTrue(log.contains("destroyed display:0 on spice-main"), log::toString);
        assertTrue(log.contains("disconnected display:0 on spice-worker-0"), log::toString);
        assertEquals(ChannelClient.State.DISCONNECTED, s.displayCc.state());
        assertEquals(ChannelClient.State.CONNECTED, s.mainCc.state(), "the session survives the unbind");
        SpiceLinkException gone = assertThrows(SpiceLinkException.class,
                () -> unwrap(() -> accept(ChannelType.DISPLAY, 0, s.client().sessionId())));
        assertEquals(LinkError.CHANNEL_NOT_AVAILABLE, gone.error());

        server.addFactory(display);
        Channel after = onMain(() -> server.channels().stream()
                .filter(c -> c.id().equals(new ChannelId(ChannelType.DISPLAY, 0))).findFirst().orElseThrow());
        assertNotSame(before, after);
        assertSame(worker0.loop(), after.loop());
        assertNotNull(connect(accept(ChannelType.DISPLAY, 0, s.client().sessionId()), new FakeConnection()));
    }

    @Test
    void closingAWorkerDestroysItsChannelsAndEndsItsThread() throws Exception {
        WorkerLoop worker1 = server.openWorker(1);
        assertFalse(onMain(() -> server.channels().stream().anyMatch(c -> c.id().id() == 1
                && c.id().type() == ChannelType.DISPLAY)), "no channel before the device is ready");
        worker1.ready();
        Set<String> ids = onMain(() -> server.channels().stream().map(c -> c.id() + "@" + c.loop().name())
                .collect(Collectors.toSet()));
        assertTrue(ids.contains("display:1@spice-worker-1") && ids.contains("cursor:1@spice-worker-1"), ids::toString);
        assertThrows(IllegalStateException.class, () -> server.openWorker(1));

        worker1.close(Duration.ofSeconds(3));
        Set<String> after = onMain(() -> server.channels().stream().map(c -> c.id().toString())
                .collect(Collectors.toSet()));
        assertEquals(Set.of("main:0", "inputs:0", "display:0", "cursor:0"), after);
        assertTrue(log.contains("destroyed display:1 on spice-main"), log::toString);
        await("spice-worker-1 to end", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("spice-worker-1") && t.isAlive()));
    }

    private interface ThrowingCall<T> {
        T call() throws Exception;
    }

    /** Runs a call that went through onMain and rethrows the SpiceLinkException it carried. */
    private static <T> T unwrap(ThrowingCall<T> call) throws Exception {
        try {
            return call.call();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
