package io.saffron.core.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

import io.saffron.core.Connection;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CommonCaps;
import io.saffron.core.protocol.SpiceMessage;

/**
 * What the core needs of a connection beyond the public view: writing a framed message and closing. The Netty
 * socket is one implementation; unit tests use an in-memory one. Counters are written by the owner loop only and
 * read anywhere, hence volatile (a monitoring snapshot, never used for decisions).
 */
abstract class AbstractConnection implements Connection {

    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Capabilities commonCaps;
    private final Capabilities channelCaps;
    protected volatile long bytesIn;
    protected volatile long bytesOut;
    protected volatile long messagesIn;
    protected volatile long messagesOut;

    // Per-connection protocol state that outlives a channel instance across a handover (threading model §8.3):
    // the ack window and the pending PING. Owner loop of the channel client using the connection; the round trip
    // is also read from other threads (a monitoring snapshot).
    int ackGeneration;
    int unacked;
    int pingId;
    int pendingPingId = -1;
    long pendingPingSent;
    volatile long roundTripNanos = -1;

    protected AbstractConnection(Capabilities commonCaps, Capabilities channelCaps) {
        this.commonCaps = commonCaps;
        this.channelCaps = channelCaps;
    }

    /** Writes one message. Owner loop of the connection's channel client. */
    abstract void write(int type, ByteBuffer body);

    /** Writes one message, encoding its body in place. Owner loop of the connection's channel client. */
    void write(SpiceMessage message) {
        write(message.type(), message.encode());
    }

    /**
     * Handover: stops reading from the socket; what the client sends meanwhile waits in the socket buffers or is
     * queued as frames, to be delivered to the successor. Owner loop.
     */
    abstract void pauseReads();

    /**
     * Handover: delivers the frames held since {@link #pauseReads()} to the successor, then reads again. Owner
     * loop.
     */
    abstract void resumeReads(DefaultChannelClient successor);

    /** Whether the send buffer is below its high-water mark. Owner loop. */
    abstract boolean isWritable();

    @Override
    public long id() {
        return id;
    }

    @Override
    public boolean miniHeader() {
        // The server always advertises MINI_HEADER, so the client's bit decides (spice-wire.md §1.3 rule 4).
        return commonCaps.has(CommonCaps.MINI_HEADER);
    }

    @Override
    public Capabilities commonCapabilities() {
        return commonCaps;
    }

    @Override
    public Capabilities channelCapabilities() {
        return channelCaps;
    }

    @Override
    public long bytesIn() {
        return bytesIn;
    }

    @Override
    public long bytesOut() {
        return bytesOut;
    }

    @Override
    public long messagesIn() {
        return messagesIn;
    }

    @Override
    public long messagesOut() {
        return messagesOut;
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + remoteAddress();
    }
}
