package io.saffron.channel.inputs.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelFactory;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelType;
import io.saffron.qxl.QxlDevices;

/**
 * Publishes the inputs channel type. The core creates its channels on {@code spice-main}; this bundle can be
 * updated or replaced at runtime, and the core destroys its channels before the old bundle's factory is unbound.
 * The channel hands the clients' keys and pointer moves to the display devices.
 */
@Component(service = ChannelFactory.class)
public final class InputsChannelFactory implements ChannelFactory {

    private final QxlDevices devices;

    @Activate
    public InputsChannelFactory(@Reference QxlDevices devices) {
        this.devices = devices;
    }

    @Override
    public ChannelType type() {
        return ChannelType.INPUTS;
    }

    @Override
    public Placement placement() {
        return Placement.SERVER;
    }

    @Override
    public ChannelHandler create(ChannelContext context) {
        context.server().mainLoop().checkInEventLoop("create inputs channel");
        return new InputsChannel(context, devices::devices);
    }
}
