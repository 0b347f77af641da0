package io.saffron.channel.main.internal;

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
        return new MainChannel(context);
    }
}
