package io.saffron.core.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CommonCaps;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.LinkKeys;
import io.saffron.core.protocol.LinkMessage;
import io.saffron.core.protocol.LinkParser;
import io.saffron.core.protocol.LinkReply;
import io.saffron.core.protocol.SpiceLinkException;

/**
 * The link stage of one accepted connection (spice-wire.md §1), on {@code spice-main}: header and link message,
 * the reply with a fresh RSA-1024 key, the auth mechanism and ticket, then the link result. On success it hands
 * the connection to {@link DefaultSpiceServer#handOver}; on failure it answers with the link error of §1.5 and
 * closes this connection only. A link that does not complete within the configured bound is closed.
 *
 * <p>Key generation and ticket decryption run on the {@code spice-crypto} thread; this handler pauses reading
 * meanwhile and continues on {@code spice-main}, so the main loop never waits for them.
 */
final class LinkHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LinkHandler.class);

    /** Server common caps: AUTH_SELECTION + AUTH_SPICE + MINI_HEADER = 0x0B (spice-wire.md §1.3 rule 1). */
    static final Capabilities SERVER_COMMON_CAPS = Capabilities.of(CommonCaps.PROTOCOL_AUTH_SELECTION,
            CommonCaps.AUTH_SPICE, CommonCaps.MINI_HEADER);

    /** Bytes a client may pipeline during the link before it is cut off (far above any real link). */
    static final int MAX_LINK_BUFFER = 64 * 1024;

    private enum Phase {
        READING, WAITING, DONE
    }

    private final DefaultSpiceServer server;
    private final long timeoutMillis;
    private final LinkParser parser = new LinkParser();
    // All fields: spice-main only (the channel is registered there during the link).
    private ByteBuf buffer;
    private Phase phase = Phase.READING;
    private LinkMessage message;
    private LinkKeys keys;
    private ScheduledFuture<?> timeout;
    private boolean replied;

    LinkHandler(DefaultSpiceServer server, long timeoutMillis) {
        this.server = server;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        buffer = ctx.alloc().buffer(256);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            if (phase != Phase.DONE) {
                LOG.info("link from {} did not complete within {} ms; closing", peer(ctx), timeoutMillis);
                finish(ctx);
                ctx.close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (phase == Phase.DONE || buffer == null) {
                return;
            }
            if (buffer.readableBytes() + in.readableBytes() > MAX_LINK_BUFFER) {
                fail(ctx, new SpiceLinkException(LinkError.INVALID_DATA, "client sent more than " + MAX_LINK_BUFFER
                        + " bytes during the link"));
                return;
            }
            buffer.writeBytes(in);
        } finally {
            in.release();
        }
        process(ctx);
    }

    /** Feeds what is buffered to the parser until it needs more bytes or waits for crypto. spice-main. */
    private void process(ChannelHandlerContext ctx) {
        while (phase == Phase.READING && buffer != null) {
            ByteBuffer view = buffer.nioBuffer();
            LinkParser.Event event;
            try {
                event = parser.feed(view);
            } catch (SpiceLinkException e) {
                fail(ctx, e);
                return;
            }
            buffer.skipBytes(view.position());
            switch (event) {
                case NEED_MORE -> {
                    buffer.discardSomeReadBytes();
                    return;
                }
                case LINK_MESSAGE -> onLinkMessage(ctx, parser.linkMessage());
                case TICKET -> onTicket(ctx, parser.ticket());
                default -> throw new IllegalStateException("unexpected parser event " + event);
            }
        }
    }

    private void onLinkMessage(ChannelHandlerContext ctx, LinkMessage msg) {
        this.message = msg;
        LOG.debug("link from {}: channel type {} id {}, connection id {}", peer(ctx), msg.channelType(),
                msg.channelId(), msg.connectionId());
        CompletableFuture<LinkKeys> pending = server.keys().take();
        if (pending.isDone()) {
            reply(ctx, pending.join());
        } else {
            pause(ctx);
            pending.whenCompleteAsync((k, err) -> {
                if (err != null) {
                    LOG.error("key generation failed for link from {}", peer(ctx), err);
                    fail(ctx, new SpiceLinkException(LinkError.ERROR, "key generation failed"));
                } else if (ctx.channel().isActive()) {
                    reply(ctx, k);
                    resume(ctx);
                }
            }, ctx.executor());
        }
    }

    private void reply(ChannelHandlerContext ctx, LinkKeys k) {
        this.keys = k;
        Capabilities channelCaps = server.channelCapabilities(message.channelType(), message.channelId());
        ByteBuffer reply = LinkReply.encode(k.publicKeyDer(), SERVER_COMMON_CAPS, channelCaps);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(reply));
        replied = true;
    }

    private void onTicket(ChannelHandlerContext ctx, byte[] ticket) {
        byte[] password = server.settings().password();
        if (password == null) {
            // No ticketing: the 128 bytes were consumed; decrypting them is not needed (spice-wire.md §1.6).
            accept(ctx);
            return;
        }
        pause(ctx);
        LinkKeys k = keys;
        server.keys().run(() -> {
            try {
                return LinkKeys.passwordMatches(k.decryptTicket(ticket), password);
            } catch (SpiceLinkException e) {
                return false;
            }
        }).whenCompleteAsync((ok, err) -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (err != null || !ok) {
                fail(ctx, new SpiceLinkException(LinkError.PERMISSION_DENIED, "wrong ticket for "
                        + describe(message)));
            } else {
                accept(ctx);
            }
        }, ctx.executor());
    }

    private void accept(ChannelHandlerContext ctx) {
        DefaultSpiceServer.Link link;
        try {
            link = server.acceptLink(message, peer(ctx));
        } catch (SpiceLinkException e) {
            fail(ctx, e);
            return;
        }
        phase = Phase.DONE;
        ctx.channel().config().setAutoRead(false);
        ByteBuf leftover = buffer.readRetainedSlice(buffer.readableBytes());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(LinkReply.encodeResult(LinkError.OK)));
        ctx.pipeline().remove(this);
        server.handOver(link, ctx.channel(), leftover, message);
    }

    private void pause(ChannelHandlerContext ctx) {
        phase = Phase.WAITING;
        ctx.channel().config().setAutoRead(false);
    }

    private void resume(ChannelHandlerContext ctx) {
        if (phase == Phase.WAITING) {
            phase = Phase.READING;
            ctx.channel().config().setAutoRead(true);
            process(ctx);
        }
    }

    /**
     * Answers a link error and closes. Before the reply it is a link error reply (header + 178-byte reply), after
     * it the 4-byte link result (spice-wire.md §1.5). spice-main.
     */
    private void fail(ChannelHandlerContext ctx, SpiceLinkException e) {
        if (phase == Phase.DONE) {
            return;
        }
        LOG.info("link from {} refused: {} ({})", peer(ctx), e.error(), e.getMessage());
        finish(ctx);
        ByteBuffer answer = replied ? LinkReply.encodeResult(e.error()) : LinkReply.encodeError(e.error());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
    }

    private void finish(ChannelHandlerContext ctx) {
        phase = Phase.DONE;
        ctx.channel().config().setAutoRead(false);
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("error during link from {}: {}", peer(ctx), cause.toString());
        finish(ctx);
        ctx.close();
    }

    private static String peer(ChannelHandlerContext ctx) {
        return NettyConnection.format(ctx.channel().remoteAddress());
    }

    static String describe(LinkMessage m) {
        return "channel type " + m.channelType() + " id " + m.channelId();
    }
}
