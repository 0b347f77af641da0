package io.saffron.core.internal;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.ChannelFactory;
import io.saffron.core.SpiceServer;

/**
 * The DS face of the server: starts it with the effective settings, registers the {@link SpiceServer} service
 * once the listener is bound (with {@value SpiceServer#LISTEN_PROPERTY}), and feeds it channel factories as they
 * come and go. Every callback here runs on an SCR thread and only posts to {@code spice-main} and waits with a
 * bound; none touches loop state.
 */
// The service is registered by hand, once the port is bound, so DS metadata cannot declare it: say it here for
// resolvers (Karaf's enforces the osgi.service requirement of the qxl bundle).
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.saffron.core.SpiceServer",
        uses = SpiceServer.class)
@Component(service = {}, immediate = true, configurationPid = ServerConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ServerConfiguration.class)
public final class SpiceServerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(SpiceServerComponent.class);

    private final DefaultSpiceServer server;
    private final ServiceRegistration<SpiceServer> registration;

    @Activate
    public SpiceServerComponent(BundleContext context, ServerConfiguration config) {
        ServerSettings settings;
        try {
            settings = ServerSettings.resolve(config, context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("configuration refused: {}", e.getMessage());
            throw e;
        }
        this.server = new DefaultSpiceServer(settings);
        try {
            server.start();
        } catch (IllegalStateException e) {
            LOG.error("{}", e.getMessage());
            throw e;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(SpiceServer.LISTEN_PROPERTY, NettyConnection.format(server.address()));
        this.registration = context.registerService(SpiceServer.class, server, props);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = ChannelFactory.class)
    void bindChannelFactory(ChannelFactory factory) {
        server.addFactory(factory);
    }

    void unbindChannelFactory(ChannelFactory factory) {
        server.removeFactory(factory);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already unregistered by the framework
        }
        server.stop(Duration.ofSeconds(5));
    }
}
