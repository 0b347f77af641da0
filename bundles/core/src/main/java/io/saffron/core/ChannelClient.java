package io.saffron.core;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

import io.saffron.core.protocol.SpiceMessage;

/**
 * The binding of one channel to one connection of one client (spice-server's {@code RedChannelClient}). It is
 * confined to its channel's owner loop. It holds its channel and its client; its client holds it until its
 * disconnect ends.
 */
@ProviderType
public interface ChannelClient {

    /** Lifecycle states, in order. */
    enum State {
        CONNECTING, CONNECTED, DISCONNECTED
    }

    /** Any thread. */
    Channel channel();

    /** The session this channel client belongs to. Any thread. */
    Client client();

    /** The connection that really owns this channel client. Any thread. */
    Connection connection();

    /** The current state. Any thread (a snapshot). */
    State state();

    /**
     * Sends one message to the client. Owner loop only.
     *
     * @param type message type of this channel's server-to-client space
     * @param body the body, from position to limit; copied before return
     * @throws IllegalStateException from any other thread
     */
    void send(int type, ByteBuffer body);

    /**
     * Sends one message, encoding its body straight into the socket's buffer. Owner loop only.
     *
     * @throws IllegalStateException from any other thread
     */
    void send(SpiceMessage message);

    /**
     * Disconnects this channel client: closes its connection, leaves its channel and finally its client. Owner loop
     * only; idempotent. Disconnecting the main channel client ends the session.
     *
     * @throws IllegalStateException from any other thread
     */
    void disconnect();

    /**
     * Whether the core gave up waiting for this channel client's loop to disconnect it and closed its socket
     * itself. Any thread.
     */
    boolean isAbandoned();

    /**
     * Whether the client keeps up: the socket's send buffer is below its high-water mark and, when the channel
     * uses an ack window ({@link ChannelHandler#ackWindow()}), fewer than two windows of messages are
     * unacknowledged. {@link #send} never drops or refuses a message; a channel that produces data faster than a
     * client reads (display frames, pointer moves) checks this and merges what it holds back until
     * {@link ChannelHandler#writable(ChannelClient)} is called. Owner loop only.
     */
    boolean isWritable();

    /**
     * Sends a PING (spice-wire.md §4.4); the client's PONG updates {@link #roundTripNanos()}. Owner loop only.
     *
     * @param payloadSize zero bytes appended after the id and timestamp (a bandwidth probe), 0 for none
     */
    void ping(int payloadSize);

    /** Round-trip time of the last answered PING in nanoseconds, or -1 before the first PONG. Any thread. */
    long roundTripNanos();
}
