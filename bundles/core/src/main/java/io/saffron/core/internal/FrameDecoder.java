package io.saffron.core.internal;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.saffron.core.ChannelId;
import io.saffron.core.protocol.CorruptedMessageException;
import io.saffron.core.protocol.MessageHeader;
import io.saffron.core.protocol.MessageTooLongException;

/**
 * Splits the byte stream after the link into messages (spice-wire.md §2): mini (6-byte) or full (18-byte)
 * headers. A body over the channel's limit fails before any of it is buffered, so a peer can never make the
 * server hold more than one limit's worth per connection. Owner loop of the connection.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    /** One received message; the body is a retained slice, released by {@link ConnectionHandler}. */
    record Frame(int type, ByteBuf body, int wireSize) {
    }

    private final boolean mini;
    private final int maxBodySize;
    private final ChannelId channel;

    FrameDecoder(boolean mini, int maxBodySize, ChannelId channel) {
        this.mini = mini;
        this.maxBodySize = maxBodySize;
        this.channel = channel;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int headerSize = MessageHeader.bytes(mini);
        if (in.readableBytes() < headerSize) {
            return;
        }
        java.nio.ByteBuffer view = in.nioBuffer(in.readerIndex(), headerSize);
        MessageHeader header = mini ? MessageHeader.decodeMini(view) : MessageHeader.decodeFull(view);
        int type = header.type();
        long size = Integer.toUnsignedLong(header.size());
        if (size > maxBodySize) {
            throw new MessageTooLongException("message size " + size + " exceeds limit " + maxBodySize + " ("
                    + channel + ", msg type " + type + ")");
        }
        long subList = Integer.toUnsignedLong(header.subList());
        if (subList != 0 && subList >= size) {
            throw new CorruptedMessageException("sub-message list offset " + subList + " is outside the body of "
                    + size + " bytes (" + channel + ", msg type " + type + ")");
        }
        if (in.readableBytes() < headerSize + size) {
            return;
        }
        in.skipBytes(headerSize);
        out.add(new Frame(type, in.readRetainedSlice((int) size), headerSize + (int) size));
    }
}
