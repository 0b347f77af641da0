package io.saffron.channel.display.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelFactory;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelType;
import io.saffron.qxl.QxlDevices;

/**
 * Publishes the display channel type. The core creates its channels on {@code spice-main}, one per display
 * device, each running on its device's worker loop; this bundle can be updated or replaced at runtime, and the
 * core destroys its channels before the old bundle's factory is unbound.
 */
@Component(service = ChannelFactory.class, configurationPid = DisplayConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DisplayConfiguration.class)
public final class DisplayChannelFactory implements ChannelFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DisplayChannelFactory.class);

    private final QxlDevices devices;
    private final Compression compression;

    @Activate
    public DisplayChannelFactory(BundleContext bundleContext, @Reference QxlDevices devices,
            DisplayConfiguration config) {
        this.devices = devices;
        String flag = bundleContext.getProperty("saffron.compression");
        this.compression = Compression.parse(flag != null ? flag : config.compression());
        LOG.info("display channels encode with compression {}{}", compression.label(), flag != null ? " (flag)" : "");
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
        return new DisplayChannel(context, devices.device(context.id().id()), compression);
    }
}
