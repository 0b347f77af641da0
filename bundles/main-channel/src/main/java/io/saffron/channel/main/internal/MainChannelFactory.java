package io.saffron.channel.main.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.osgi.service.component.annotations.Component;

import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelFactory;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelType;

/**
 * Publishes the main channel type. The core creates its channels on {@code spice-main}; this bundle can be
 * updated or replaced at runtime, and the core destroys its channels before the old bundle's factory is unbound.
 */
@Component(service = ChannelFactory.class)
public final class MainChannelFactory implements ChannelFactory {

    // Resolved on the SCR thread at activation: a name lookup may block, and create() runs on spice-main.
    private final String name = "Saffron on " + hostName();

    @Override
    public ChannelType type() {
        return ChannelType.MAIN;
    }

    @Override
    public Placement placement() {
        return Placement.SERVER;
    }

    @Override
    public ChannelHandler create(ChannelContext context) {
        context.server().mainLoop().checkInEventLoop("create main channel");
        // Stable for a host and port, so a client that remembers a server by UUID finds it again after a restart.
        int port = context.server().address() != null ? context.server().address().getPort() : 0;
        UUID uuid = UUID.nameUUIDFromBytes((name + ":" + port).getBytes(StandardCharsets.UTF_8));
        return new MainChannel(context, name, uuid);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
