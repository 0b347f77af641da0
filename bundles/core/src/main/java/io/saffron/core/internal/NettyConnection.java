package io.saffron.core.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.saffron.core.protocol.Capabilities;

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
        int size = body.remaining();
        boolean mini = miniHeader();
        ByteBuf buf = channel.alloc().buffer((mini ? 6 : 18) + size);
        if (mini) {
            buf.writeShortLE(type).writeIntLE(size);
        } else {
            buf.writeLongLE(++serialOut).writeShortLE(type).writeIntLE(size).writeIntLE(0);
        }
        buf.writeBytes(body.duplicate());
        bytesOut += buf.readableBytes();
        messagesOut++;
        channel.writeAndFlush(buf, channel.voidPromise());
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
