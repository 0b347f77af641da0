package io.saffron.core.internal;

import java.io.IOException;
import java.nio.ByteOrder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.saffron.core.protocol.SpiceProtocolException;

/**
 * Delivers framed messages to the channel client and turns socket close and decoder errors into that channel
 * client's disconnect, never anything wider. Owner loop of the connection.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private final NettyConnection connection;
    // Set on the owner loop when the connect arrives; null until then (reads are off until then).
    private DefaultChannelClient channelClient;

    ConnectionHandler(NettyConnection connection) {
        this.connection = connection;
    }

    /** Owner loop, at connect. */
    void bind(DefaultChannelClient cc) {
        this.channelClient = cc;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        FrameDecoder.Frame frame = (FrameDecoder.Frame) msg;
        try {
            connection.countIn(frame.wireSize());
            if (channelClient != null) {
                channelClient.received(frame.type(), frame.body().nioBuffer().order(ByteOrder.LITTLE_ENDIAN));
            }
        } finally {
            frame.body().release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channelClient != null) {
            channelClient.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (channelClient != null) {
            channelClient.connectionClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        String who = channelClient != null ? channelClient.toString() : connection.toString();
        if (root instanceof SpiceProtocolException) {
            LOG.info("protocol error on {}: {}; closing this connection", who, root.getMessage());
        } else if (root instanceof IOException) {
            LOG.debug("i/o error on {}: {}", who, root.toString());
        } else {
            LOG.error("unexpected error on {}; closing this connection", who, root);
        }
        if (channelClient != null) {
            channelClient.disconnect();
        } else {
            ctx.close();
        }
    }
}
