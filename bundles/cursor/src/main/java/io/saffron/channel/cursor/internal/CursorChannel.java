package io.saffron.channel.cursor.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelState;
import io.saffron.core.protocol.CursorMessages;
import io.saffron.qxl.CursorShape;
import io.saffron.qxl.CursorState;
import io.saffron.qxl.QxlCommand;
import io.saffron.qxl.QxlCommandListener;
import io.saffron.qxl.QxlDevice;

/**
 * Cursor channel N, on the worker loop of display N next to display channel N (spice-wire.md §8). Each client
 * gets INIT once, then SET with the same ALPHA shape (spice-html5 ignores the shape in INIT), then SET, MOVE and
 * HIDE as the device's pointer changes. A client that reads slowly is not queued moves: it is marked behind and
 * gets the newest state when it is writable again.
 */
final class CursorChannel implements ChannelHandler, QxlCommandListener {

    private static final Logger LOG = LoggerFactory.getLogger(CursorChannel.class);

    /** What a client has yet to receive, in increasing order of what must be sent. */
    private enum Behind {
        NOTHING, POSITION, SHAPE
    }

    private final ChannelContext context;
    private final QxlDevice device;
    // Worker loop only.
    private final Map<ChannelClient, Behind> clients = new LinkedHashMap<>();
    private CursorShape encodedShape;
    private CursorMessages.Cursor encoded;
    private boolean lastVisible = true;

    CursorChannel(ChannelContext context, QxlDevice device) {
        this.context = context;
        this.device = device;
    }

    @Override
    public int ackWindow() {
        return 20;
    }

    @Override
    public int maxMessageSize() {
        return 1024; // clients send only ACK_SYNC, ACK and PONG here
    }

    @Override
    public void connected(ChannelClient client) {
        assert context.loop().inEventLoop();
        CursorState s = device.cursor();
        client.send(new CursorMessages.CursorInit(s.x(), s.y(), 0, 0, s.visible(), wire(s.shape())));
        add(client);
        LOG.debug("{} linked for session {} on {}", context.id(), Integer.toUnsignedString(client.client().sessionId()),
                Thread.currentThread().getName());
    }

    /** Handover: nothing to carry; the device holds the pointer and the client has had its INIT. */
    @Override
    public ChannelState export(ChannelClient client) {
        assert context.loop().inEventLoop();
        return clients.containsKey(client) ? ChannelState.EMPTY : null;
    }

    /** Handover: the newest shape and position as SET (a second INIT would be ignored by spice-gtk). */
    @Override
    public void resumed(ChannelClient client, ChannelState state) {
        assert context.loop().inEventLoop();
        add(client);
    }

    /**
     * Takes a client that has had its INIT and sends it the newest shape as SET (spice-html5 uses only SET's
     * shape); the first client makes this channel listen to the device. Worker loop.
     */
    private void add(ChannelClient client) {
        assert context.loop().inEventLoop();
        if (clients.isEmpty()) {
            device.addListener(this);
        }
        lastVisible = device.cursor().visible();
        clients.put(client, Behind.SHAPE);
        catchUp(client);
    }

    @Override
    public void onCommand(QxlDevice source, QxlCommand command) {
        assert context.loop().inEventLoop();
        Behind change;
        if (command instanceof QxlCommand.SetCursor || command instanceof QxlCommand.HideCursor) {
            change = Behind.SHAPE;
        } else if (command instanceof QxlCommand.MoveCursor) {
            // Showing a hidden pointer takes a SET: a MOVE does not make it visible again in every client.
            change = device.cursor().visible() != lastVisible ? Behind.SHAPE : Behind.POSITION;
        } else {
            return;
        }
        lastVisible = device.cursor().visible();
        for (Map.Entry<ChannelClient, Behind> e : clients.entrySet()) {
            if (change.compareTo(e.getValue()) > 0) {
                e.setValue(change);
            }
            catchUp(e.getKey()); // puts NOTHING for this key: a value change, safe while iterating
        }
    }

    @Override
    public void writable(ChannelClient client) {
        assert context.loop().inEventLoop();
        catchUp(client);
    }

    /** Sends a client the newest pointer state if it is behind and can take it. Worker loop. */
    private void catchUp(ChannelClient client) {
        Behind behind = clients.get(client);
        if (behind == null || behind == Behind.NOTHING || !client.isWritable()) {
            return;
        }
        CursorState s = device.cursor();
        if (!s.visible()) {
            client.send(new CursorMessages.CursorHide());
        } else if (behind == Behind.SHAPE) {
            client.send(new CursorMessages.CursorSet(s.x(), s.y(), true, wire(s.shape())));
        } else {
            client.send(new CursorMessages.CursorMove(s.x(), s.y()));
        }
        clients.put(client, Behind.NOTHING);
    }

    /** The wire form of a shape, encoded once per shape. Worker loop. */
    private CursorMessages.Cursor wire(CursorShape shape) {
        if (shape != encodedShape) {
            encoded = CursorMessages.Cursor.alpha(shape.width(), shape.height(), shape.hotX(), shape.hotY(),
                    shape.argb());
            encodedShape = shape;
        }
        return encoded;
    }

    @Override
    public void disconnected(ChannelClient client) {
        assert context.loop().inEventLoop();
        clients.remove(client);
        if (clients.isEmpty()) {
            device.removeListener(this);
        }
    }
}
