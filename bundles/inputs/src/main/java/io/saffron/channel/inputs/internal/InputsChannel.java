package io.saffron.channel.inputs.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelHandler;

/**
 * The inputs channel (id 0, on {@code spice-main}). Keyboard and pointer messages and their delivery to the
 * device come with issue #3; until then any input message is a protocol error that closes this connection only.
 */
final class InputsChannel implements ChannelHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InputsChannel.class);

    private final ChannelContext context;
    // spice-main only.
    private final Set<ChannelClient> clients = new LinkedHashSet<>();

    InputsChannel(ChannelContext context) {
        this.context = context;
    }

    @Override
    public void connected(ChannelClient client) {
        assert context.loop().inEventLoop();
        clients.add(client);
        LOG.debug("inputs linked for session {}", Integer.toUnsignedString(client.client().sessionId()));
    }

    @Override
    public void disconnected(ChannelClient client) {
        assert context.loop().inEventLoop();
        clients.remove(client);
    }
}
