package io.saffron.core.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.SpiceMessage;

/**
 * A linked TCP connection on a Netty channel. Writes happen on the owner loop (the channel is registered there
 * after the handover); close is safe from any thread because Netty hops to the channel's loop itself.
 */
final class NettyConnection extends AbstractConnection {

    private final Channel channel;
    // Owner loop only: the serial of the last message sent (full header only, spice-wire.md §2.2).
    private long serialOut;

    NettyConnection(Channel channel, Capabilities commonCaps, Capabilities channelCaps) {
        super(commonCaps, channelCaps);
        this.channel = channel;
    }

    Channel nettyChannel() {
        return channel;
    }

    @Override
    void write(int type, ByteBuffer body) {
        assert channel.eventLoop().inEventLoop();
        ByteBuf buf = header(type, body.remaining());
        buf.writeBytes(body.duplicate());
        flush(buf);
    }

    @Override
    void write(SpiceMessage message) {
        assert channel.eventLoop().inEventLoop();
        int size = message.bodySize();
        ByteBuf buf = header(message.type(), size);
        ByteBuffer out = buf.nioBuffer(buf.writerIndex(), size).order(ByteOrder.LITTLE_ENDIAN);
        message.writeBody(out);
        if (out.hasRemaining()) {
            buf.release();
            throw new IllegalStateException(message.getClass().getSimpleName() + " wrote " + out.position()
                    + " bytes (expected: " + size + ")");
        }
        buf.writerIndex(buf.writerIndex() + size);
        flush(buf);
    }

    private ByteBuf header(int type, int size) {
        boolean mini = miniHeader();
        ByteBuf buf = channel.alloc().buffer((mini ? 6 : 18) + size);
        if (mini) {
            buf.writeShortLE(type).writeIntLE(size);
        } else {
            buf.writeLongLE(++serialOut).writeShortLE(type).writeIntLE(size).writeIntLE(0);
        }
        return buf;
    }

    private void flush(ByteBuf buf) {
        bytesOut += buf.readableBytes();
        messagesOut++;
        channel.writeAndFlush(buf, channel.voidPromise());
    }

    @Override
    void pauseReads() {
        assert channel.eventLoop().inEventLoop();
        channel.config().setAutoRead(false);
        ConnectionHandler inbound = channel.pipeline().get(ConnectionHandler.class);
        if (inbound != null) {
            inbound.unbind();
        }
    }

    @Override
    void resumeReads(DefaultChannelClient successor) {
        assert channel.eventLoop().inEventLoop();
        ConnectionHandler inbound = channel.pipeline().get(ConnectionHandler.class);
        if (inbound != null) {
            inbound.bind(successor);
        }
        if (successor.state() == io.saffron.core.ChannelClient.State.CONNECTED) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    boolean isWritable() {
        return channel.isWritable();
    }

    /** Counts one received message. Owner loop. */
    void countIn(int bytes) {
        bytesIn += bytes;
        messagesIn++;
    }

    @Override
    public String remoteAddress() {
        return format(channel.remoteAddress());
    }

    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        channel.close();
    }
}
