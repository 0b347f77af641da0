package io.saffron.channel.main.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelHandler;

/**
 * The main channel (id 0, on {@code spice-main}). The core links sessions through it and ends a session when its
 * main channel client disconnects. The session messages (INIT, CHANNELS_LIST, mouse modes, ping) arrive with
 * issue #3; until then any message other than the common ones is a protocol error that closes the connection.
 */
final class MainChannel implements ChannelHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MainChannel.class);

    private final ChannelContext context;
    // spice-main only: the sessions' main channel clients.
    private final Set<ChannelClient> clients = new LinkedHashSet<>();

    MainChannel(ChannelContext context) {
        this.context = context;
    }

    @Override
    public void connected(ChannelClient client) {
        assert context.loop().inEventLoop();
        clients.add(client);
        LOG.debug("session {} linked main ({} session(s))", Integer.toUnsignedString(client.client().sessionId()),
                clients.size());
    }

    @Override
    public void disconnected(ChannelClient client) {
        assert context.loop().inEventLoop();
        clients.remove(client);
    }
}
