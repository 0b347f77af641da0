package io.saffron.shell.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleException;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelId;
import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.Connection;
import io.saffron.core.SpiceServer;
import io.saffron.core.WorkerLoop;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.SpiceMessage;
import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.EventLoop;
import io.saffron.dispatcher.EventLoops;

/**
 * Hand-written fakes of the core API for the shell's unit tests. They keep the core's thread rules: the server's
 * registries, a channel's client list and a channel client's disconnect throw off their loop, so a test that
 * passes proves the commands ran each step on the right thread.
 */
final class Fakes {

    private Fakes() {
    }

    /** A loop: one named thread, bound with {@link EventLoops#bindCurrentThread} like the real ones. */
    static final class Loop implements EventLoop {

        private final String name;
        private final ScheduledThreadPoolExecutor executor;
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
        }

        /** Runs {@code work} on this loop and waits up to 5 s. Test thread only. */
        <T> T on(Callable<T> work) throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, this).get(5, TimeUnit.SECONDS);
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
            executor.execute(task);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            return executor.schedule(task, delay, unit);
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
            return executor.awaitTermination(timeout, unit);
        }
    }

    /** The server: registries confined to its spice-main. */
    static final class Server implements SpiceServer {

        final Loop main = new Loop("spice-main");
        // spice-main only
        final List<Client> clients = new ArrayList<>();
        // spice-main only
        final List<Channel> channels = new ArrayList<>();

        @Override
        public EventLoop mainLoop() {
            return main;
        }

        @Override
        public Dispatcher mainDispatcher() {
            throw new UnsupportedOperationException("mainDispatcher");
        }

        @Override
        public InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", 5900);
        }

        @Override
        public Channel createChannel(ChannelId id) {
            throw new UnsupportedOperationException("createChannel");
        }

        @Override
        public CompletableFuture<Void> destroyChannel(ChannelId id) {
            throw new UnsupportedOperationException("destroyChannel");
        }

        @Override
        public Collection<Channel> channels() {
            main.checkInEventLoop("channels");
            return List.copyOf(channels);
        }

        @Override
        public List<Client> clients() {
            main.checkInEventLoop("clients");
            return List.copyOf(clients);
        }

        @Override
        public WorkerLoop openWorker(int displayId) {
            throw new UnsupportedOperationException("openWorker");
        }

        /** Adds a channel on spice-main. Test thread. */
        FakeChannel addChannel(ChannelType type, int id, Loop loop, ChannelHandler handler) throws Exception {
            FakeChannel ch = new FakeChannel(new ChannelId(type, id), loop, handler);
            main.on(() -> channels.add(ch));
            return ch;
        }

        /** Adds a session on spice-main. Test thread. */
        FakeClient addClient(int sessionId) throws Exception {
            FakeClient c = new FakeClient(this, sessionId);
            main.on(() -> clients.add(c));
            return c;
        }
    }

    static final class FakeChannel implements Channel {

        private final ChannelId id;
        private final Loop loop;
        private final ChannelHandler handler;
        // owner loop only (tests add through link())
        final List<ChannelClient> clients = new ArrayList<>();
        volatile boolean destroyed;

        FakeChannel(ChannelId id, Loop loop, ChannelHandler handler) {
            this.id = id;
            this.loop = loop;
            this.handler = handler;
        }

        @Override
        public ChannelId id() {
            return id;
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        @Override
        public ChannelHandler handler() {
            return handler;
        }

        @Override
        public List<ChannelClient> clients() {
            loop.checkInEventLoop("clients of " + id);
            return List.copyOf(clients);
        }

        @Override
        public boolean isDestroyed() {
            return destroyed;
        }
    }

    static final class FakeClient implements Client {

        private final Server server;
        private final int sessionId;
        final List<ChannelClient> channelClients = new CopyOnWriteArrayList<>();
        volatile ChannelClient main;
        volatile boolean disconnecting;
        volatile boolean finished;

        FakeClient(Server server, int sessionId) {
            this.server = server;
            this.sessionId = sessionId;
        }

        /** Links this session to {@code channel} over a connection with these counters. Test thread. */
        FakeChannelClient link(FakeChannel channel, FakeConnection connection) throws Exception {
            FakeChannelClient cc = new FakeChannelClient(channel, this, connection);
            ((Loop) channel.loop()).on(() -> channel.clients.add(cc));
            channelClients.add(cc);
            if (channel.id().type() == ChannelType.MAIN) {
                main = cc;
            }
            return cc;
        }

        /** What the core does after the main channel client's disconnect: a hop, then the session leaves. */
        void end() {
            disconnecting = true;
            server.main.execute(() -> {
                server.clients.remove(this);
                finished = true;
            });
        }

        @Override
        public int sessionId() {
            return sessionId;
        }

        @Override
        public boolean isDisconnecting() {
            return disconnecting;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public List<ChannelClient> channelClients() {
            return List.copyOf(channelClients);
        }

        @Override
        public ChannelClient mainChannelClient() {
            return main;
        }
    }

    static final class FakeChannelClient implements ChannelClient {

        private final FakeChannel channel;
        private final FakeClient client;
        private final FakeConnection connection;
        volatile State state = State.CONNECTED;
        volatile long roundTripNanos = -1;
        volatile String disconnectedOn;

        FakeChannelClient(FakeChannel channel, FakeClient client, FakeConnection connection) {
            this.channel = channel;
            this.client = client;
            this.connection = connection;
        }

        @Override
        public Channel channel() {
            return channel;
        }

        @Override
        public Client client() {
            return client;
        }

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public State state() {
            return state;
        }

        @Override
        public void send(int type, ByteBuffer body) {
            throw new UnsupportedOperationException("send");
        }

        @Override
        public void send(SpiceMessage message) {
            throw new UnsupportedOperationException("send");
        }

        @Override
        public void disconnect() {
            channel.loop().checkInEventLoop("disconnect of " + channel.id());
            if (state == State.DISCONNECTED) {
                return;
            }
            state = State.DISCONNECTED;
            disconnectedOn = Thread.currentThread().getName();
            channel.clients.remove(this);
            client.channelClients.remove(this);
            if (client.main == this) {
                client.end();
            }
        }

        @Override
        public boolean isAbandoned() {
            return false;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void ping(int payloadSize) {
            throw new UnsupportedOperationException("ping");
        }

        @Override
        public long roundTripNanos() {
            return roundTripNanos;
        }
    }

    /** A connection with fixed counters. */
    record FakeConnection(String remoteAddress, long bytesIn, long bytesOut, long messagesIn, long messagesOut)
            implements Connection {

        @Override
        public long id() {
            return 1;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }

        @Override
        public boolean miniHeader() {
            return true;
        }

        @Override
        public Capabilities commonCapabilities() {
            return Capabilities.ofWords();
        }

        @Override
        public Capabilities channelCapabilities() {
            return Capabilities.ofWords();
        }
    }

    /** Providers kept in maps; {@link #update} runs a hook the test sets (to recreate channels, say). */
    static final class FakeProviders implements Providers {

        final Map<ChannelType, List<Provider>> byType = new EnumMap<>(ChannelType.class);
        final Map<Class<?>, Provider> loaders = new HashMap<>();
        final Map<Long, Provider> bundles = new HashMap<>();
        final List<Long> updated = new CopyOnWriteArrayList<>();
        volatile Callable<Void> onUpdate = () -> null;
        volatile BundleException failure;

        /** Registers {@code p} as a provider of {@code type} whose bundle loaded {@code handlerClass}. */
        FakeProviders provide(ChannelType type, Provider p, Class<?> handlerClass) {
            byType.computeIfAbsent(type, t -> new ArrayList<>()).add(p);
            bundles.put(p.bundleId(), p);
            if (handlerClass != null) {
                loaders.put(handlerClass, p);
            }
            return this;
        }

        @Override
        public List<Provider> of(ChannelType type) {
            synchronized (this) {
                return List.copyOf(byType.getOrDefault(type, List.of()));
            }
        }

        @Override
        public Provider bundleOf(Class<?> type) {
            synchronized (this) {
                return loaders.get(type);
            }
        }

        @Override
        public Provider bundle(long bundleId) {
            synchronized (this) {
                return bundles.get(bundleId);
            }
        }

        @Override
        public void update(long bundleId) throws BundleException {
            if (failure != null) {
                throw failure;
            }
            updated.add(bundleId);
            synchronized (this) {
                Provider old = bundles.get(bundleId);
                Provider now = new Provider(bundleId, old.symbolicName(), old.version(), old.lastModified() + 60_000);
                bundles.put(bundleId, now);
                byType.values().forEach(list -> list.replaceAll(p -> p.bundleId() == bundleId ? now : p));
                loaders.replaceAll((c, p) -> p.bundleId() == bundleId ? now : p);
            }
            try {
                onUpdate.call();
            } catch (Exception e) {
                throw new BundleException("update hook failed: " + e, e);
            }
        }
    }
}
