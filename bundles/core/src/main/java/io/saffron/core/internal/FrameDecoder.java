package io.saffron.core.internal;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.saffron.core.ChannelId;
import io.saffron.core.protocol.CorruptedMessageException;
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
        int headerSize = mini ? 6 : 18;
        if (in.readableBytes() < headerSize) {
            return;
        }
        int start = in.readerIndex();
        int type = in.getUnsignedShortLE(start + (mini ? 0 : 8));
        long size = in.getUnsignedIntLE(start + (mini ? 2 : 10));
        if (size > maxBodySize) {
            throw new MessageTooLongException("message size " + size + " exceeds limit " + maxBodySize + " ("
                    + channel + ", msg type " + type + ")");
        }
        if (!mini) {
            long subList = in.getUnsignedIntLE(start + 14);
            if (subList != 0 && subList >= size) {
                throw new CorruptedMessageException("sub-message list offset " + subList + " is outside the body of "
                        + size + " bytes (" + channel + ", msg type " + type + ")");
            }
        }
        if (in.readableBytes() < headerSize + size) {
            return;
        }
        in.skipBytes(headerSize);
        out.add(new Frame(type, in.readRetainedSlice((int) size), headerSize + (int) size));
    }
}
