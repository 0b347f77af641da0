package io.saffron.channel.display.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.Component;

import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelFactory;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelType;
import io.saffron.qxl.QxlDevices;

/**
 * Publishes the display channel type. The core creates its channels on {@code spice-main}; this bundle can be
 * updated or replaced at runtime, and the core destroys its channels before the old bundle's factory is unbound.
 */
@Component(service = ChannelFactory.class)
public final class DisplayChannelFactory implements ChannelFactory {

    private final QxlDevices devices;

    @Activate
    public DisplayChannelFactory(@Reference QxlDevices devices) {
        this.devices = devices;
    }
    @Override
    public ChannelType type() {
        return ChannelType.DISPLAY;
    }

    @Override
    public Placement placement() {
        return Placement.DISPLAY;
    }

    @Override
    public ChannelHandler create(ChannelContext context) {
        context.server().mainLoop().checkInEventLoop("create display channel");
        return new DisplayChannel(context, devices.device(context.id().id()));
    }
}
