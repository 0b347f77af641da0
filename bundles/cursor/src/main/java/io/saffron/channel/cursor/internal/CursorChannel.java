package io.saffron.channel.cursor.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelHandler;
import io.saffron.qxl.QxlCommand;
import io.saffron.qxl.QxlCommandListener;
import io.saffron.qxl.QxlDevice;

/**
 * Cursor channel N, on the worker loop of display N (beside display N). While it has clients it follows the
 * device's cursor commands on that loop; the cursor messages (INIT, SET, MOVE, HIDE) come with issue #3.
 */
final class CursorChannel implements ChannelHandler, QxlCommandListener {

    private static final Logger LOG = LoggerFactory.getLogger(CursorChannel.class);

    private final ChannelContext context;
    private final QxlDevice device;
    // Worker loop only.
    private final Set<ChannelClient> clients = new LinkedHashSet<>();
    private QxlCommand last;

    CursorChannel(ChannelContext context, QxlDevice device) {
        this.context = context;
        this.device = device;
    }

    @Override
    public void connected(ChannelClient client) {
        assert context.loop().inEventLoop();
        if (clients.isEmpty()) {
            device.addListener(this);
        }
        clients.add(client);
        LOG.debug("{} linked for session {} (last cursor {})", context.id(),
                Integer.toUnsignedString(client.client().sessionId()), last);
    }

    @Override
    public void onCommand(QxlDevice source, QxlCommand command) {
        assert context.loop().inEventLoop();
        if (!(command instanceof QxlCommand.Draw)) {
            last = command;
        }
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
