package io.saffron.core.internal;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelFactory;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelId;
import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.SpiceServer;
import io.saffron.core.WorkerLoop;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.LinkMessage;
import io.saffron.core.protocol.SpiceLinkException;
import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.DispatcherClosedException;
import io.saffron.dispatcher.EventLoop;
import io.saffron.dispatcher.EventLoops;
import io.saffron.dispatcher.MainThread;

/**
 * The server (spice-server's {@code RedsState}): {@code spice-main}, the main dispatcher, the registries of
 * channels, clients, factories and workers (all confined to {@code spice-main}), and the listener.
 *
 * <p>Framework threads (SCR callbacks, the qxl bundle) reach it through the blocking entry points
 * ({@link #addFactory}, {@link #removeFactory}, {@link #openWorker}, {@link #stop}), which post to
 * {@code spice-main} and wait with a bound. The public API's main-thread methods check their thread.
 */
public final class DefaultSpiceServer implements SpiceServer {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSpiceServer.class);

    /** How long a completion-ordered disconnect waits for a channel client's loop (threading model §5). */
    static final Duration DISCONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** How long a framework thread waits for spice-main. */
    static final Duration FRAMEWORK_TIMEOUT = Duration.ofSeconds(10);

    /** A link accepted on spice-main, waiting for its connect on the owner loop. */
    record Link(DefaultClient client, DefaultChannel channel, boolean newSession) {
    }

    private final ServerSettings settings;
    private final NettyEventLoop mainLoop = new NettyEventLoop("spice-main");
    private final Dispatcher mainDispatcher = Dispatcher.create("main", mainLoop, true);
    private final KeyPool keys = new KeyPool(4);
    private final SecureRandom random = new SecureRandom();
    // Every socket, linking or linked, so that stop() can close them all. Thread-safe.
    private final ChannelGroup sockets = new DefaultChannelGroup("saffron", mainLoop.netty());

    // spice-main only:
    private final Map<ChannelType, List<ChannelFactory>> factories = new EnumMap<>(ChannelType.class);
    private final Map<ChannelId, DefaultChannel> channels = new LinkedHashMap<>();
    private final Map<Integer, DefaultClient> clients = new LinkedHashMap<>();
    private final Map<Integer, Worker> workers = new TreeMap<>();
    // spice-main: connections parked by a handover, waiting for the next instance of their channel.
    private final Map<ChannelId, List<DefaultChannelClient.Parked>> parked = new LinkedHashMap<>();

    // Set by stop(); factory callbacks that SCR makes after deactivation then have nothing to do.
    private volatile boolean stopped;
    private volatile io.netty.channel.Channel listener;
    private volatile InetSocketAddress address;

    public DefaultSpiceServer(ServerSettings settings) {
        this.settings = settings;
        mainDispatcher.register(ClientDisconnect.class, false, this::onClientDisconnect);
    }

    // ---------------------------------------------------------------- lifecycle (framework thread)

    /**
     * Binds the listener. Framework thread.
     *
     * @throws IllegalStateException with the address and the reason when the port cannot be bound
     */
    public void start() {
        EventLoops.checkMayBlock("listener bind");
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(mainLoop.netty(), mainLoop.netty())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Flow control: a client that reads slowly makes its channel client unwritable above 1 MiB
                // queued, and channels merge what they hold back (display frames, pointer moves) until it drains
                // below 256 KiB. Messages are never dropped; the queue is bounded by what channels produce.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        sockets.add(ch);
                        ch.pipeline().addLast("link", new LinkHandler(DefaultSpiceServer.this,
                                settings.linkTimeoutMillis()));
                    }
                });
        ChannelFuture bound = bootstrap.bind(settings.address()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            String where = settings.address().getAddress().getHostAddress() + ":" + settings.address().getPort();
            stopLoops();
            throw new IllegalStateException("cannot listen on " + where + ": " + bound.cause().getMessage(),
                    bound.cause());
        }
        listener = bound.channel();
        address = (InetSocketAddress) listener.localAddress();
        LOG.info("listening on {} ({})", NettyConnection.format(address), settings.source());
    }

    /**
     * Stops: closes the listener, ends every session, destroys every channel, then the main loop. Framework thread;
     * waits at most {@code timeout} for spice-main.
     */
    public void stop(Duration timeout) {
        EventLoops.checkMayBlock("server stop");
        stopped = true;
        io.netty.channel.Channel l = listener;
        if (l != null) {
            l.close().awaitUninterruptibly(timeout.toMillis());
        }
        try {
            awaitOnMain("stop", timeout, this::shutdownOnMain);
        } catch (RuntimeException e) {
            LOG.warn("stop did not complete cleanly on spice-main: {}", e.getMessage());
        }
        sockets.close().awaitUninterruptibly(timeout.toMillis());
        stopLoops();
        LOG.info("stopped");
    }

    private void stopLoops() {
        mainDispatcher.close();
        mainLoop.shutdown();
        try {
            keys.shutdown();
            if (!mainLoop.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("spice-main did not end within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @MainThread
    private CompletableFuture<Void> shutdownOnMain() {
        parked.values().forEach(list -> list.forEach(p -> p.connection().close()));
        parked.clear();
        List<CompletableFuture<Void>> steps = new ArrayList<>();
        for (DefaultClient c : new ArrayList<>(clients.values())) {
            steps.add(disconnectClient(c, "server stopping"));
        }
        return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).thenComposeAsync(v -> {
            List<CompletableFuture<Void>> destroyed = new ArrayList<>();
            for (ChannelId id : new ArrayList<>(channels.keySet())) {
                destroyed.add(destroyChannel(id));
            }
            return CompletableFuture.allOf(destroyed.toArray(CompletableFuture[]::new));
        }, mainLoop);
    }

    /**
     * Runs {@code work} on spice-main and waits for the future it returns, with a bound: how SCR callbacks reach
     * loop state. On spice-main itself it runs inline and does not wait (a loop never blocks).
     */
    <T> T awaitOnMain(String what, Duration timeout, Supplier<CompletableFuture<T>> work) {
        if (mainLoop.inEventLoop()) {
            return work.get().getNow(null);
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        mainLoop.execute(() -> {
            try {
                work.get().whenComplete((v, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        done.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            return EventLoops.await(done, timeout, what, mainLoop);
        } catch (java.util.concurrent.CompletionException e) {
            // Give the caller the failure itself (an IllegalStateException stays one), not its wrapper.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- factories (SCR threads)

    /** A factory service appeared. SCR thread: posts to spice-main and waits with a bound. */
    public void addFactory(ChannelFactory factory) {
        if (stopped) {
            return;
        }
        awaitOnMain("bind factory " + factory.type().label(), FRAMEWORK_TIMEOUT, () -> {
            List<ChannelFactory> list = factories.computeIfAbsent(factory.type(), t -> new ArrayList<>());
            list.add(factory);
            if (list.size() == 1) {
                LOG.info("channel factory for {} bound ({})", factory.type().label(), factory.getClass().getName());
            } else {
                LOG.info("channel factory for {} bound as standby ({} providers)", factory.type().label(), list.size());
            }
            reconcile();
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * A factory service is going away. SCR thread: destroys its channels on spice-main and waits, so that no code
     * of the departing bundle runs after this returns.
     */
    public void removeFactory(ChannelFactory factory) {
        if (stopped) {
            return;
        }
        awaitOnMain("unbind factory " + factory.type().label(), FRAMEWORK_TIMEOUT, () -> {
            List<ChannelFactory> list = factories.getOrDefault(factory.type(), List.of());
            if (!list.remove(factory)) {
                return CompletableFuture.completedFuture(null);
            }
            if (list.isEmpty()) {
                factories.remove(factory.type());
            }
            List<CompletableFuture<Void>> destroyed = new ArrayList<>();
            for (DefaultChannel ch : new ArrayList<>(channels.values())) {
                if (ch.factory() == factory) {
                    destroyed.add(parkClientsOf(ch).thenComposeAsync(v -> destroyChannel(ch.id()), mainLoop));
                }
            }
            LOG.info("channel factory for {} unbound; destroying {} channel(s)", factory.type().label(),
                    destroyed.size());
            return CompletableFuture.allOf(destroyed.toArray(CompletableFuture[]::new))
                    .thenRunAsync(this::reconcile, mainLoop);
        });
    }

    // ---------------------------------------------------------------- handover (threading model §8.2, mode H)

    /**
     * Handover, first half: on the channel's owner loop, every client whose handler exports a state is detached
     * with its connection open and reads paused; the parked connections wait on spice-main for the next instance
     * of the channel (at most the handover grace of the settings). Clients that cannot be handed over are disconnected as
     * usual by the destroy that follows. spice-main.
     */
    @MainThread
    private CompletableFuture<Void> parkClientsOf(DefaultChannel channel) {
        assert mainLoop.inEventLoop();
        List<DefaultChannelClient.Parked> detached = new java.util.concurrent.CopyOnWriteArrayList<>();
        return onOwner(channel, "park clients of " + channel.id(), () -> {
            for (DefaultChannelClient cc : channel.clientsSnapshot()) {
                DefaultChannelClient.Parked p = cc.detachForHandover();
                if (p != null) {
                    detached.add(p);
                }
            }
        }).handleAsync((v, err) -> {
            if (err != null) {
                LOG.warn("parking the clients of {} failed ({}); they are disconnected instead", channel.id(),
                        err.toString());
            }
            if (!detached.isEmpty()) {
                parked.computeIfAbsent(channel.id(), id -> new ArrayList<>()).addAll(detached);
                LOG.info("{}: {} connection(s) parked for the next instance", channel.id(), detached.size());
                // A bundle update unbinds and binds within milliseconds; an uninstall never binds again.
                mainLoop.schedule(() -> expireParked(channel.id(), detached), settings.handoverGraceMillis(),
                        TimeUnit.MILLISECONDS);
            }
            return null;
        }, mainLoop);
    }

    /** No successor came in time: the parked connections are closed (the uninstall case). spice-main. */
    @MainThread
    private void expireParked(ChannelId id, List<DefaultChannelClient.Parked> batch) {
        assert mainLoop.inEventLoop();
        List<DefaultChannelClient.Parked> waiting = parked.get(id);
        if (waiting == null) {
            return;
        }
        int closed = 0;
        for (DefaultChannelClient.Parked p : batch) {
            if (waiting.remove(p)) {
                closeParked(id, p);
                closed++;
            }
        }
        if (waiting.isEmpty()) {
            parked.remove(id);
        }
        if (closed > 0) {
            LOG.info("{}: no new instance within {} ms; closed {} parked connection(s)", id,
                    settings.handoverGraceMillis(), closed);
        }
    }

    /** Closes one parked connection; a parked main connection ends its session. Any thread (it only posts). */
    private void closeParked(ChannelId id, DefaultChannelClient.Parked p) {
        p.client().unreserve(id);
        p.connection().close();
        if (id.type() == ChannelType.MAIN) {
            postClientDisconnect(p.client(), "main channel has no provider");
        }
    }

    /**
     * Handover, second half: the new instance of a channel takes over the connections parked for its id. Each
     * resumes on the owner loop, posted through its dispatcher like any connect. spice-main.
     */
    @MainThread
    private void resumeParked(DefaultChannel channel) {
        assert mainLoop.inEventLoop();
        List<DefaultChannelClient.Parked> waiting = parked.remove(channel.id());
        if (waiting == null) {
            return;
        }
        LOG.info("{}: handing {} connection(s) to the new instance", channel.id(), waiting.size());
        for (DefaultChannelClient.Parked p : waiting) {
            String what = "resume " + channel.id() + " of client " + Integer.toUnsignedString(p.client().sessionId());
            Runnable arrive = () -> {
                assert channel.loop().inEventLoop();
                if (!p.connection().isOpen() || channel.isUnregistered() || p.client().isDisconnecting()) {
                    closeParked(channel.id(), p);
                    return;
                }
                DefaultChannelClient cc = new DefaultChannelClient(this, channel, p.client(), p.connection());
                if (!p.client().add(cc)) {
                    closeParked(channel.id(), p);
                    return;
                }
                cc.resume(p);
                p.connection().resumeReads(cc);
            };
            try {
                channel.dispatcher().postTask(what, arrive);
            } catch (RuntimeException e) {
                closeParked(channel.id(), p);
            }
        }
    }

    /** Closes the parked connections of a session that is ending. spice-main. */
    @MainThread
    private void closeParkedOf(DefaultClient client) {
        assert mainLoop.inEventLoop();
        for (Map.Entry<ChannelId, List<DefaultChannelClient.Parked>> e : parked.entrySet()) {
            e.getValue().removeIf(p -> {
                if (p.client() == client) {
                    p.connection().close();
                    return true;
                }
                return false;
            });
        }
        parked.values().removeIf(List::isEmpty);
    }

    /** Creates every channel that a bound factory and an open worker call for and that does not exist. */
    @MainThread
    private void reconcile() {
        assert mainLoop.inEventLoop();
        for (Map.Entry<ChannelType, List<ChannelFactory>> e : factories.entrySet()) {
            ChannelFactory f = e.getValue().get(0);
            if (f.placement() == ChannelFactory.Placement.SERVER) {
                ensureChannel(new ChannelId(e.getKey(), 0));
            } else {
                for (Worker w : workers.values()) {
                    if (w.isReady()) {
                        ensureChannel(new ChannelId(e.getKey(), w.displayId()));
                    }
                }
            }
        }
    }

    private void ensureChannel(ChannelId id) {
        if (!channels.containsKey(id)) {
            try {
                createChannel(id);
            } catch (RuntimeException ex) {
                LOG.error("cannot create channel {}", id, ex);
            }
        }
    }

    // ---------------------------------------------------------------- channels (spice-main)

    @Override
    public Channel createChannel(ChannelId id) {
        mainLoop.checkInEventLoop("createChannel(" + id + ")");
        if (channels.containsKey(id)) {
            throw new IllegalStateException("channel " + id + " exists already");
        }
        List<ChannelFactory> list = factories.get(id.type());
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException("no channel factory for " + id.type().label() + " is bound");
        }
        ChannelFactory factory = list.get(0);
        EventLoop owner;
        Dispatcher ownerDispatcher;
        if (factory.placement() == ChannelFactory.Placement.DISPLAY) {
            Worker w = workers.get(id.id());
            if (w == null) {
                throw new IllegalArgumentException("display " + id.id() + " has no worker (expected one of "
                        + workers.keySet() + ")");
            }
            owner = w.loop();
            ownerDispatcher = w.dispatcher();
        } else {
            owner = mainLoop;
            ownerDispatcher = mainDispatcher;
        }
        ChannelContext context = new Context(id, owner);
        ChannelHandler handler = factory.create(context);
        DefaultChannel channel = new DefaultChannel(id, owner, ownerDispatcher, handler, factory);
        channels.put(id, channel);
        LOG.info("created channel {} on {}", id, owner.name());
        resumeParked(channel);
        if (id.type() != ChannelType.MAIN) {
            for (DefaultChannel c : channels.values()) {
                if (c.id().type() == ChannelType.MAIN) {
                    try {
                        c.handler().channelCreated(id);
                    } catch (RuntimeException e) {
                        LOG.error("channelCreated hook of {} failed for {}", c.id(), id, e);
                    }
                }
            }
        }
        return channel;
    }

    @Override
    public CompletableFuture<Void> destroyChannel(ChannelId id) {
        mainLoop.checkInEventLoop("destroyChannel(" + id + ")");
        DefaultChannel channel = channels.remove(id);
        if (channel == null) {
            return CompletableFuture.completedFuture(null);
        }
        channel.markUnregistered(); // new links are refused from now on
        CompletableFuture<Void> disconnected = onOwner(channel, "disconnect clients of " + id,
                () -> channel.clientsSnapshot().forEach(DefaultChannelClient::disconnect));
        return disconnected.handleAsync((v, err) -> {
            if (err != null) {
                abandonClientsOf(channel, err);
            }
            try {
                channel.handler().destroyed();
            } catch (RuntimeException e) {
                LOG.error("destroyed hook of {} failed", id, e);
            }
            channel.markDestroyed();
            LOG.info("destroyed channel {}", id);
            return null;
        }, mainLoop);
    }

    /** The owner loop did not answer: close the sockets of the channel's clients from here. spice-main. */
    private void abandonClientsOf(DefaultChannel channel, Throwable why) {
        for (DefaultClient c : clients.values()) {
            for (ChannelClient cc : c.channelClients()) {
                if (cc.channel() == channel) {
                    ((DefaultChannelClient) cc).abandon();
                    LOG.warn("abandoned {} on {}: {}", cc, channel.loop().name(), why.toString());
                }
            }
        }
    }

    /**
     * Runs work on a channel's owner loop and returns when it has run (inline on spice-main for main-owned
     * channels), with the disconnect timeout. Never blocks.
     */
    private CompletableFuture<Void> onOwner(DefaultChannel channel, String what, Runnable work) {
        Dispatcher d = channel.dispatcher();
        CompletableFuture<Void> f;
        try {
            f = d.callTask(what, work);
        } catch (DispatcherClosedException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.orTimeout(DISCONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Collection<Channel> channels() {
        mainLoop.checkInEventLoop("channels()");
        return List.copyOf(channels.values());
    }

    @Override
    public List<Client> clients() {
        mainLoop.checkInEventLoop("clients()");
        return List.copyOf(clients.values());
    }

    // ---------------------------------------------------------------- link stage (spice-main)

    KeyPool keys() {
        return keys;
    }

    ServerSettings settings() {
        return settings;
    }

    /** The channel caps for a link reply: the handler's, or none when the channel does not exist. spice-main. */
    @MainThread
    Capabilities channelCapabilities(int type, int id) {
        assert mainLoop.inEventLoop();
        ChannelType t = ChannelType.fromCode(type);
        DefaultChannel ch = t == null || id < 0 || id > 255 ? null : channels.get(new ChannelId(t, id));
        return ch != null ? ch.handler().capabilities() : Capabilities.ofWords();
    }

    /**
     * Resolves a link after its ticket was accepted (threading model §4, steps 1 to 3): the session, the channel,
     * then the duplicate and disconnecting checks, before the link result is sent. spice-main.
     *
     * @throws SpiceLinkException BAD_CONNECTION_ID, CHANNEL_NOT_AVAILABLE
     */
    @MainThread
    Link acceptLink(LinkMessage m, String peer) throws SpiceLinkException {
        assert mainLoop.inEventLoop();
        ChannelType type = ChannelType.fromCode(m.channelType());
        if (type == null || m.channelId() < 0 || m.channelId() > 255) {
            throw new SpiceLinkException(LinkError.CHANNEL_NOT_AVAILABLE, "unknown channel type " + m.channelType()
                    + " id " + m.channelId());
        }
        ChannelId id = new ChannelId(type, m.channelId());
        if (type == ChannelType.MAIN) {
            if (m.connectionId() != 0) {
                throw new SpiceLinkException(LinkError.BAD_CONNECTION_ID, "main link with connection id "
                        + Integer.toUnsignedString(m.connectionId()) + " (expected: 0; migration is not supported)");
            }
            DefaultChannel channel = channels.get(id);
            if (channel == null) {
                throw new SpiceLinkException(LinkError.CHANNEL_NOT_AVAILABLE, "no main channel (its bundle is not active)");
            }
            DefaultClient client = new DefaultClient(newSessionId());
            clients.put(client.sessionId(), client);
            client.reserve(id);
            LOG.debug("new session {} from {}", Integer.toUnsignedString(client.sessionId()), peer);
            return new Link(client, channel, true);
        }
        DefaultClient client = clients.get(m.connectionId());
        if (client == null) {
            throw new SpiceLinkException(LinkError.BAD_CONNECTION_ID, "connection id "
                    + Integer.toUnsignedString(m.connectionId()) + " names no session (" + id + ")");
        }
        DefaultChannel channel = channels.get(id);
        if (channel == null) {
            throw new SpiceLinkException(LinkError.CHANNEL_NOT_AVAILABLE, "no channel " + id);
        }
        String refused = client.reserve(id);
        if (refused != null) {
            throw new SpiceLinkException(client.isDisconnecting() ? LinkError.BAD_CONNECTION_ID
                    : LinkError.CHANNEL_NOT_AVAILABLE, refused);
        }
        return new Link(client, channel, false);
    }

    private int newSessionId() {
        int id;
        do {
            id = random.nextInt();
        } while (id == 0 || clients.containsKey(id));
        return id;
    }

    /**
     * Step 4 of link handling: after the OK result, moves the socket to the channel's owner loop and posts the
     * connect there through that loop's dispatcher. spice-main; reads are off until the connect arrives.
     */
    @MainThread
    void handOver(Link link, io.netty.channel.Channel socket, ByteBuf leftover, LinkMessage m) {
        assert mainLoop.inEventLoop();
        DefaultChannel channel = link.channel();
        NettyConnection connection = new NettyConnection(socket, m.commonCaps(), m.channelCaps());
        ConnectionHandler inbound = new ConnectionHandler(connection);
        socket.pipeline().addLast("frames", new FrameDecoder(connection.miniHeader(),
                channel.handler().maxMessageSize(), channel.id()));
        socket.pipeline().addLast("connection", inbound);
        Runnable connect = () -> postConnect(link, connection, inbound::bind).thenAccept(cc -> {
            // Still on the owner loop: feed what the client pipelined during the link, then start reading.
            if (cc == null) {
                leftover.release();
                return;
            }
            if (leftover.isReadable()) {
                socket.pipeline().fireChannelRead(leftover);
            } else {
                leftover.release();
            }
            if (cc.state() == ChannelClient.State.CONNECTED) {
                socket.config().setAutoRead(true);
            }
        });
        if (channel.loop() == mainLoop) {
            connect.run();
            return;
        }
        NettyEventLoop owner = (NettyEventLoop) channel.loop();
        socket.deregister().addListener(d -> {
            if (!d.isSuccess()) {
                refuse(link, connection, "deregister failed: " + d.cause());
                leftover.release();
                return;
            }
            owner.netty().register(socket).addListener(r -> {
                if (!r.isSuccess()) {
                    refuse(link, connection, "register on " + owner.name() + " failed: " + r.cause());
                    leftover.release();
                    return;
                }
                connect.run();
            });
        });
    }

    /**
     * Posts the connect of an accepted link to the channel's owner loop through its dispatcher (ClientCbs connect:
     * asynchronous). On arrival the loop checks the session and the channel again, creates the channel client,
     * adds it to the session, lets {@code attach} wire it to its transport, and starts it. Any thread.
     *
     * @return completes on the owner loop with the channel client, or with {@code null} when the connect was
     *         refused (session disconnecting, channel destroyed, socket closed); the connection is then closed
     */
    CompletableFuture<DefaultChannelClient> postConnect(Link link, AbstractConnection connection,
            Consumer<DefaultChannelClient> attach) {
        DefaultChannel channel = link.channel();
        CompletableFuture<DefaultChannelClient> result = new CompletableFuture<>();
        String what = "connect " + channel.id() + " of client " + Integer.toUnsignedString(link.client().sessionId());
        Runnable arrive = () -> {
            assert channel.loop().inEventLoop();
            if (!connection.isOpen() || channel.isUnregistered()) {
                refuse(link, connection, !connection.isOpen() ? "socket closed" : "channel destroyed");
                result.complete(null);
                return;
            }
            DefaultChannelClient cc = new DefaultChannelClient(this, channel, link.client(), connection);
            if (!link.client().add(cc)) {
                refuse(link, connection, "session is disconnecting");
                result.complete(null);
                return;
            }
            attach.accept(cc);
            cc.start();
            result.complete(cc);
        };
        try {
            channel.dispatcher().postTask(what, arrive);
        } catch (RuntimeException e) {
            refuse(link, connection, e.getMessage());
            result.complete(null);
        }
        return result;
    }

    private static void refuse(Link link, AbstractConnection connection, String why) {
        LOG.debug("connect of {} for client {} refused: {}", link.channel().id(),
                Integer.toUnsignedString(link.client().sessionId()), why);
        link.client().unreserve(link.channel().id());
        connection.close();
    }

    // ---------------------------------------------------------------- client destruction (spice-main)

    /** Posts the end of a session to spice-main: always a hop, from any thread. */
    void postClientDisconnect(DefaultClient client, String reason) {
        try {
            mainDispatcher.post(new ClientDisconnect(client, reason));
        } catch (DispatcherClosedException e) {
            LOG.debug("client {} disconnect after stop: {}", client, e.getMessage());
        }
    }

    @MainThread
    private void onClientDisconnect(ClientDisconnect m) {
        disconnectClient(m.client(), m.reason());
    }

    /**
     * The destruction order of threading model §5, steps 2 to 5, as continuations on spice-main.
     */
    @MainThread
    CompletableFuture<Void> disconnectClient(DefaultClient client, String reason) {
        mainLoop.checkInEventLoop("disconnectClient");
        if (!client.startDisconnecting()) {
            return CompletableFuture.completedFuture(null);
        }
        closeParkedOf(client);
        List<DefaultChannelClient> secondaries = client.takeSecondaryChannelClients();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (DefaultChannelClient cc : secondaries) {
            done.add(onOwner(cc.channel(), "disconnect " + cc, cc::disconnect).exceptionally(err -> {
                Throwable cause = err instanceof java.util.concurrent.CompletionException ? err.getCause() : err;
                if (cause instanceof TimeoutException) {
                    cc.abandon();
                    LOG.warn("{} did not disconnect on {} within {} ms; socket closed by the core", cc,
                            cc.channel().loop().name(), DISCONNECT_TIMEOUT.toMillis());
                } else if (!(cause instanceof DispatcherClosedException)) {
                    LOG.error("disconnect of {} failed", cc, cause);
                }
                cc.connection().close();
                return null;
            }));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).thenRunAsync(() -> {
            DefaultChannelClient main = client.heldMainChannelClient();
            if (main != null && main.state() != ChannelClient.State.DISCONNECTED) {
                main.disconnect(); // step 4: main channels run on spice-main
            }
            clients.remove(client.sessionId(), client);
            client.finish(); // step 5: the main channel client is released last
            LOG.info("client {} disconnected ({}, {} secondary channel client(s))",
                    Integer.toUnsignedString(client.sessionId()), reason, secondaries.size());
        }, mainLoop);
    }

    // ---------------------------------------------------------------- workers

    @Override
    public WorkerLoop openWorker(int displayId) {
        if (displayId < 0 || displayId > 255) {
            throw new IllegalArgumentException("display id " + displayId + " is out of range (expected: 0..255)");
        }
        EventLoops.checkMayBlock("openWorker(" + displayId + ")");
        Worker worker = new Worker(this, displayId);
        try {
            awaitOnMain("open worker " + displayId, FRAMEWORK_TIMEOUT, () -> {
                if (workers.containsKey(displayId)) {
                    throw new IllegalStateException("display " + displayId + " has a worker already");
                }
                workers.put(displayId, worker);
                LOG.info("worker {} opened", worker.loop().name());
                return CompletableFuture.completedFuture(null);
            });
        } catch (RuntimeException e) {
            worker.stopLoop();
            throw e;
        }
        return worker;
    }

    /** The worker's device runs: its channels may be created now. Framework or device thread; waits. */
    void workerReady(Worker worker) {
        awaitOnMain("ready " + worker.loop().name(), FRAMEWORK_TIMEOUT, () -> {
            if (workers.get(worker.displayId()) == worker && !worker.isReady()) {
                worker.markReady();
                reconcile();
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Destroys the worker's channels on spice-main; completes there. */
    @MainThread
    CompletableFuture<Void> detachWorker(Worker worker) {
        mainLoop.checkInEventLoop("detachWorker");
        workers.remove(worker.displayId(), worker);
        List<CompletableFuture<Void>> destroyed = new ArrayList<>();
        for (DefaultChannel ch : new ArrayList<>(channels.values())) {
            if (ch.loop() == worker.loop()) {
                destroyed.add(destroyChannel(ch.id()));
            }
        }
        return CompletableFuture.allOf(destroyed.toArray(CompletableFuture[]::new));
    }

    // ---------------------------------------------------------------- accessors

    @Override
    public EventLoop mainLoop() {
        return mainLoop;
    }

    @Override
    public Dispatcher mainDispatcher() {
        return mainDispatcher;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    private final class Context implements ChannelContext {
        private final ChannelId id;
        private final EventLoop loop;

        Context(ChannelId id, EventLoop loop) {
            this.id = id;
            this.loop = loop;
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
        public SpiceServer server() {
            return DefaultSpiceServer.this;
        }
    }
}
