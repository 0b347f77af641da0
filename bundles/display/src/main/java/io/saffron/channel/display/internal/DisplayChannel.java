package io.saffron.channel.display.internal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelHandler;
import io.saffron.core.protocol.CorruptedMessageException;
import io.saffron.qxl.QxlCommand;
import io.saffron.qxl.QxlCommandListener;
import io.saffron.qxl.QxlDevice;

/**
 * Display channel N, on the worker loop of display N. While it has clients it listens to the device's commands
 * on that loop and accounts each draw per client (the dirty area a client has yet to receive). Encoding the
 * surface for the client (SURFACE_CREATE, DRAW_COPY, MARK) comes with issue #3.
 */
final class DisplayChannel implements ChannelHandler, QxlCommandListener {

    private static final Logger LOG = LoggerFactory.getLogger(DisplayChannel.class);

    /** SPICE_MSGC_DISPLAY_INIT: the client's cache sizes, sent once after the link. */
    static final int MSGC_DISPLAY_INIT = 101;

    private final ChannelContext context;
    private final QxlDevice device;
    // Worker loop only: pending dirty pixels per client.
    private final Map<ChannelClient, Long> dirty = new LinkedHashMap<>();

    DisplayChannel(ChannelContext context, QxlDevice device) {
        this.context = context;
        this.device = device;
    }

    @Override
    public void connected(ChannelClient client) {
        assert context.loop().inEventLoop();
        if (dirty.isEmpty()) {
            device.addListener(this);
        }
        // A new client has the whole primary surface to receive.
        dirty.put(client, (long) device.primarySurface().width() * device.primarySurface().height());
        LOG.debug("{} linked for session {} on {}", context.id(), Integer.toUnsignedString(client.client().sessionId()),
                Thread.currentThread().getName());
    }

    @Override
    public void received(ChannelClient client, int type, ByteBuffer body) {
        if (type != MSGC_DISPLAY_INIT) {
            throw new CorruptedMessageException("unknown message type " + type + " (" + context.id()
                    + ", expected: 101 DISPLAY_INIT)");
        }
        LOG.trace("{} DISPLAY_INIT from session {} ({} bytes)", context.id(),
                Integer.toUnsignedString(client.client().sessionId()),
                body.remaining());
    }

    @Override
    public void onCommand(QxlDevice source, QxlCommand command) {
        assert context.loop().inEventLoop();
        if (command instanceof QxlCommand.Draw draw) {
            long area = (long) draw.width() * draw.height();
            dirty.replaceAll((c, pending) -> pending + area);
        }
    }

    @Override
    public void disconnected(ChannelClient client) {
        assert context.loop().inEventLoop();
        dirty.remove(client);
        if (dirty.isEmpty()) {
            device.removeListener(this);
        }
    }
}
