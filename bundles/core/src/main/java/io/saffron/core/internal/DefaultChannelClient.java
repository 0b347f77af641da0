package io.saffron.core.internal;

import java.nio.ByteBuffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelState;
import io.saffron.core.ChannelType;
import io.saffron.core.protocol.CommonMessages;
import io.saffron.core.protocol.CorruptedMessageException;
import io.saffron.core.protocol.SpiceMessage;
import io.saffron.core.protocol.SpiceProtocolException;
import io.saffron.dispatcher.EventLoop;

/**
 * A channel client: confined to its channel's owner loop, holding its channel and its client (threading model
 * §5). States move CONNECTING → CONNECTED → DISCONNECTED only. Handlers and timers that may end in this client's
 * own disconnect tolerate it becoming DISCONNECTED halfway: every entry point re-checks the state.
 */
final class DefaultChannelClient implements ChannelClient {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultChannelClient.class);

    /**
     * Common client-to-server messages (spice-wire.md §2.3): 1 ack-sync, 2 ack, 3 pong, 4 migrate flush mark,
     * 5 migrate data, 6 disconnecting. Channel messages start at 101.
     */
    static final int FIRST_COMMON_MESSAGE = 1;
    static final int LAST_COMMON_MESSAGE = 6;
    static final int FIRST_CHANNEL_MESSAGE = 101;

    private final DefaultSpiceServer server;
    private final DefaultChannel channel;
    private final DefaultClient client;
    private final AbstractConnection connection;
    private final EventLoop loop;
    // Written on the owner loop only; volatile so that other threads can read a snapshot.
    private volatile State state = State.CONNECTING;
    private volatile boolean abandoned;
    // Ack window (spice-wire.md §4.3): its size; the counters live on the connection (they survive a handover).
    private final int ackWindow;
    private boolean heldBack; // owner loop: isWritable() returned false since the last writable() callback

    DefaultChannelClient(DefaultSpiceServer server, DefaultChannel channel, DefaultClient client,
            AbstractConnection connection) {
        this.server = server;
        this.channel = channel;
        this.client = client;
        this.connection = connection;
        this.loop = channel.loop();
        this.ackWindow = Math.max(0, channel.handler().ackWindow());
    }

    @Override
    public DefaultChannel channel() {
        return channel;
    }

    @Override
    public DefaultClient client() {
        return client;
    }

    @Override
    public AbstractConnection connection() {
        return connection;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public boolean isAbandoned() {
        return abandoned;
    }

    /** Whether this is the session's main channel client. */
    boolean isMain() {
        return channel.id().type() == ChannelType.MAIN;
    }

    /** CONNECTING → CONNECTED, then the handler's connected hook. Owner loop. */
    void start() {
        assert loop.inEventLoop();
        if (state != State.CONNECTING) {
            return;
        }
        state = State.CONNECTED;
        channel.add(this);
        LOG.debug("{} connected ({})", this, connection);
        if (ackWindow > 0) {
            connection.ackGeneration = 1;
            send(new CommonMessages.SetAck(connection.ackGeneration, ackWindow));
        }
        try {
            channel.handler().connected(this);
        } catch (RuntimeException e) {
            fail("connected hook", e);
        }
    }

    /** One message from the client. Owner loop. The body is valid during the call only. */
    void received(int type, ByteBuffer body) {
        assert loop.inEventLoop();
        if (state != State.CONNECTED) {
            return;
        }
        try {
            if (type >= FIRST_CHANNEL_MESSAGE) {
                channel.handler().received(this, type, body);
            } else if (type < FIRST_COMMON_MESSAGE || type > LAST_COMMON_MESSAGE) {
                throw new CorruptedMessageException("unknown common message type " + type + " (" + channel.id()
                        + ", expected: 1..6 or >= 101)");
            } else {
                receivedCommon(type, body);
            }
        } catch (RuntimeException e) {
            fail("message type " + type, e);
        }
    }

    /** ACK_SYNC, ACK and PONG update the window and the round trip; the others need nothing. Owner loop. */
    private void receivedCommon(int type, ByteBuffer body) {
        switch (type) {
            case CommonMessages.AckSync.TYPE -> {
                int generation = CommonMessages.AckSync.decode(body).generation();
                if (generation != connection.ackGeneration) {
                    LOG.debug("{} synced ack generation {} (expected: {})", this, generation,
                            connection.ackGeneration);
                }
            }
            case CommonMessages.Ack.TYPE -> {
                if (ackWindow > 0) {
                    // Clients may ack early or late (spice-html5 counts SET_ACK itself): never below zero.
                    connection.unacked = Math.max(0, connection.unacked - ackWindow);
                    checkWritable();
                }
            }
            case CommonMessages.Pong.TYPE -> {
                CommonMessages.Pong pong = CommonMessages.Pong.decode(body);
                if (pong.id() == connection.pendingPingId) {
                    connection.roundTripNanos = System.nanoTime() - connection.pendingPingSent;
                    connection.pendingPingId = -1;
                    LOG.debug("{} round trip {} us", this, connection.roundTripNanos / 1000);
                }
            }
            default -> LOG.trace("{} common message {} ignored", this, type);
        }
    }

    /** Calls the handler's writable hook when a held-back client can take data again. Owner loop. */
    void writabilityChanged() {
        assert loop.inEventLoop();
        checkWritable();
    }

    private void checkWritable() {
        if (heldBack && state == State.CONNECTED && isWritableNow()) {
            heldBack = false;
            try {
                channel.handler().writable(this);
            } catch (RuntimeException e) {
                fail("writable hook", e);
            }
        }
    }

    private boolean isWritableNow() {
        return connection.isWritable() && (ackWindow == 0 || connection.unacked <= 2 * ackWindow);
    }

    @Override
    public boolean isWritable() {
        checkOwnerLoop("isWritable on ");
        boolean w = state == State.CONNECTED && isWritableNow();
        if (!w) {
            heldBack = true;
        }
        return w;
    }

    @Override
    public void ping(int payloadSize) {
        checkOwnerLoop("ping on ");
        if (state != State.CONNECTED) {
            return;
        }
        connection.pendingPingId = ++connection.pingId;
        connection.pendingPingSent = System.nanoTime();
        send(new CommonMessages.Ping(connection.pendingPingId, connection.pendingPingSent / 1000, payloadSize));
    }

    @Override
    public long roundTripNanos() {
        return connection.roundTripNanos;
    }

    /**
     * A handler failed: a protocol error is the peer's fault (INFO, close this connection only); anything else
     * is a bug (ERROR). Either way only this channel client ends. Owner loop.
     */
    private void fail(String where, RuntimeException e) {
        if (e instanceof SpiceProtocolException) {
            LOG.info("protocol error on {} in {}: {}; closing this connection", this, where, e.getMessage());
        } else {
            LOG.error("{} failed in {}; closing this connection", this, where, e);
        }
        disconnect();
    }

    /** The socket closed under us. Owner loop. */
    void connectionClosed() {
        assert loop.inEventLoop();
        disconnect();
    }

    @Override
    public void send(int type, ByteBuffer body) {
        if (maySend(type)) {
            connection.write(type, body);
        }
    }

    @Override
    public void send(SpiceMessage message) {
        if (maySend(message.type())) {
            connection.write(message);
        }
    }

    /** The thread check and state check of both sends; counts the message in the ack window. */
    private boolean maySend(int type) {
        checkOwnerLoop("send on ");
        if (state == State.DISCONNECTED) {
            LOG.debug("dropped message type {} to disconnected {}", type, this);
            return false;
        }
        connection.unacked++;
        return true;
    }

    @Override
    public void disconnect() {
        loop.checkInEventLoop("disconnect of " + this);
        if (state == State.DISCONNECTED) {
            return;
        }
        boolean wasConnected = state == State.CONNECTED;
        state = State.DISCONNECTED;
        connection.close();
        channel.remove(this);
        if (wasConnected) {
            try {
                channel.handler().disconnected(this);
            } catch (RuntimeException e) {
                LOG.error("disconnected hook of {} failed", this, e);
            }
        }
        client.remove(this); // last step: leave the client's map
        LOG.debug("{} disconnected", this);
        if (isMain()) {
            // Never end the session inline: always a hop through the main dispatcher (threading model §2).
            server.postClientDisconnect(client, "main channel disconnected");
        }
    }

    /**
     * What a channel client leaves for its successor in a handover: the live connection (with its ack window),
     * its session and the channel's exported state (threading model §8.3).
     */
    record Parked(DefaultClient client, AbstractConnection connection, ChannelState state) {
    }

    /**
     * Handover, first half (owner loop): asks the handler for this client's state; when it gives one, pauses
     * the connection's reads, leaves the channel and the session's map (keeping the session's slot reserved, so
     * duplicates stay refused) without closing anything, and returns what the successor needs. Returns null
     * when the handler cannot hand over or this client is not connected; the caller then disconnects as usual.
     */
    Parked detachForHandover() {
        assert loop.inEventLoop();
        if (state != State.CONNECTED || !connection.isOpen()) {
            return null;
        }
        ChannelState exported;
        try {
            exported = channel.handler().export(this);
        } catch (RuntimeException e) {
            LOG.error("export of {} failed; closing it instead of handing it over", this, e);
            return null;
        }
        if (exported == null) {
            return null;
        }
        connection.pauseReads();
        state = State.DISCONNECTED;
        channel.remove(this);
        try {
            channel.handler().disconnected(this);
        } catch (RuntimeException e) {
            LOG.error("disconnected hook of {} failed", this, e);
        }
        client.detachForHandover(this);
        LOG.debug("{} parked for handover: {}", this, exported);
        return new Parked(client, connection, exported);
    }

    /**
     * Handover, second half (owner loop): this new channel client takes over a parked connection: CONNECTING →
     * CONNECTED with the handler's resumed hook instead of connected; the connection keeps its ack window.
     */
    void resume(Parked parked) {
        assert loop.inEventLoop();
        if (state != State.CONNECTING) {
            return;
        }
        state = State.CONNECTED;
        channel.add(this);
        LOG.debug("{} resumed after handover ({})", this, connection);
        try {
            channel.handler().resumed(this, parked.state());
        } catch (RuntimeException e) {
            fail("resumed hook", e);
        }
    }

    /**
     * The always-on owner-loop check of the entry points that run per message (send, isWritable): it builds its
     * error text only when it fails.
     */
    private void checkOwnerLoop(String operation) {
        if (!loop.inEventLoop()) {
            loop.checkInEventLoop(operation + channel.id());
        }
    }

    /** The core gave up on this client's loop and closed the socket itself. Any thread. */
    void abandon() {
        abandoned = true;
        connection.close();
    }

    @Override
    public String toString() {
        return channel.id() + " of client " + Integer.toUnsignedString(client.sessionId());
    }
}
