package io.saffron.core;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CorruptedMessageException;
import io.saffron.core.protocol.SpiceProtocolException;

/**
 * The type-specific behaviour of one channel instance (what spice-server puts in a {@code RedChannel} subclass).
 * The core does the rest: links, framing, the channel-client lifecycle, and destruction order.
 *
 * <p>Thread rule: every method but {@link #destroyed()} runs on the channel's owner loop; {@link #destroyed()} runs
 * on {@code spice-main}, after every channel client has been disconnected.
 */
@ConsumerType
public interface ChannelHandler {

    /** Channel capabilities advertised in the link reply. Any thread; must not change. */
    default Capabilities capabilities() {
        return Capabilities.ofWords();
    }

    /** Largest message body accepted from a client of this channel; a larger one closes that connection. */
    default int maxMessageSize() {
        return 64 * 1024;
    }

    /**
     * A channel client was connected (link complete, client in its session). Owner loop.
     */
    void connected(ChannelClient client);

    /**
     * A message from the client (common messages 1..100 are handled by the core). Owner loop. The body is valid
     * only during the call.
     *
     * @throws SpiceProtocolException for malformed input; the core closes this connection only
     */
    default void received(ChannelClient client, int type, ByteBuffer body) {
        throw new CorruptedMessageException("unknown message type " + type + " (" + client.channel().id() + ")");
    }

    /**
     * Handover (threading model §8.2): this instance is being replaced by a new build of its bundle while the
     * client stays connected. Return what the successor needs to resync this client, in JDK types only, or null
     * when this channel cannot hand over (the connection is then closed, as on uninstall). Reads of the
     * connection are paused; {@link #disconnected} follows at once, and this client gets nothing more from this
     * instance. Owner loop.
     */
    default ChannelState export(ChannelClient client) {
        return null;
    }

    /**
     * Handover: a client taken over from the previous instance of this channel type, instead of
     * {@link #connected}. The connection, its ack window and the session are the same; the client saw no channel
     * event. Resync it (a full repaint, the cursor, the keyboard locks) without the messages a client takes only
     * once per link (INIT, SURFACE_CREATE of surfaces it has). Owner loop.
     */
    default void resumed(ChannelClient client, ChannelState state) {
        connected(client);
    }

    /**
     * The channel client was disconnected (its connection is closed) or handed over to a successor (see
     * {@link #export}). Owner loop. Runs once per client.
     */
    default void disconnected(ChannelClient client) {
    }

    /**
     * The ack window of this channel (spice-wire.md §4.3): when positive, the core sends SET_ACK(generation,
     * window) to each client before {@link #connected}, counts ACKs, and {@link ChannelClient#isWritable()} turns
     * false while more than two windows of messages are unacknowledged. 0 (the default) for no window. Any thread;
     * must not change.
     */
    default int ackWindow() {
        return 0;
    }

    /**
     * A client that was not {@link ChannelClient#isWritable() writable} is writable again: send what was held
     * back. Owner loop.
     */
    default void writable(ChannelClient client) {
    }

    /**
     * A channel other than main was created while the server runs: a display added at runtime, or a channel
     * bundle back after an uninstall. Called on the main channel's handler only, on spice-main, once the channel
     * takes links, so that it can announce the channel to sessions (an incremental CHANNELS_LIST).
     */
    default void channelCreated(ChannelId id) {
    }

    /** The channel was destroyed. Main thread only. */
    default void destroyed() {
    }
}
