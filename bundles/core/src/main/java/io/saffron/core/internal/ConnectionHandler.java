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
    /** Frames held while a connection is parked for handover; more than this closes it (a flood, not input). */
    static final int MAX_PARKED_FRAMES = 4096;

    // Set on the owner loop when the connect arrives; null until then (reads are off until then).
    private DefaultChannelClient channelClient;
    // Owner loop: true between a handover's unbind and the successor's bind.
    private boolean parked;
    private final java.util.ArrayDeque<FrameDecoder.Frame> held = new java.util.ArrayDeque<>();

    ConnectionHandler(NettyConnection connection) {
        this.connection = connection;
    }

    /** Owner loop, at connect, or at the end of a handover: delivers the frames held meanwhile, in order. */
    void bind(DefaultChannelClient cc) {
        assert connection.nettyChannel().eventLoop().inEventLoop();
        this.channelClient = cc;
        this.parked = false;
        FrameDecoder.Frame f;
        while ((f = held.poll()) != null) {
            deliver(f);
        }
    }

    /** Owner loop, at the start of a handover: frames read from now on are held for the successor. */
    void unbind() {
        assert connection.nettyChannel().eventLoop().inEventLoop();
        this.channelClient = null;
        this.parked = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        FrameDecoder.Frame frame = (FrameDecoder.Frame) msg;
        if (parked) {
            // The decoder may still hand over frames of the last read after autoRead went off.
            if (held.size() >= MAX_PARKED_FRAMES) {
                frame.body().release();
                LOG.info("{} sent more than {} messages during a handover; closing it", connection, MAX_PARKED_FRAMES);
                ctx.close();
                return;
            }
            held.add(frame);
            return;
        }
        deliver(frame);
    }

    private void deliver(FrameDecoder.Frame frame) {
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
        FrameDecoder.Frame f;
        while ((f = held.poll()) != null) {
            f.body().release();
        }
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
